import { normalizeEmail } from './email';
import { fieldForKey, type LeadField } from './fields';
import { normalizeIdempotencyKey } from './idempotency-key';
import { normalizeCountry, normalizeLanguage } from './language';
import { normalizePhone } from './phone';
import { normalizeState } from './states';

/** A lead as ingest_lead takes it: known fields normalized, everything else in metadata. */
export interface NormalizedLead {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  state: string | null;
  country: string | null;
  zip: string | null;
  city: string | null;
  business_line: string | null;
  language: string | null;
  document_type: string | null;
  document_number: string | null;
  external_id: string | null;
  metadata: Record<string, unknown>;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed === '' ? null : trimmed;
}

/**
 * Maps any key/value object (a Make.com row, a Sheets row with spaced headers, a form post)
 * onto lead fields. Nothing is dropped: unmatched keys, and values that did not normalize, are
 * kept in metadata. Returns the per-item idempotency key separately.
 */
export function normalizeLead(input: Record<string, unknown>): { lead: NormalizedLead; idempotencyKey: string | null } {
  const fields: Partial<Record<LeadField, unknown>> = {};
  // Entries, not property writes: a key such as "__proto__" must land in metadata like any other.
  const extra: [string, unknown][] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    const field = fieldForKey(key);
    // A field takes the first scalar value sent for it; a second one ("phone" and "mobile"),
    // a list or an object is kept in metadata as sent.
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (field && scalar && fields[field] === undefined) fields[field] = value;
    else extra.push([key, value]);
  }
  const metadata: Record<string, unknown> = Object.fromEntries(extra);

  let firstName = text(fields.first_name);
  let lastName = text(fields.last_name);
  const fullName = text(fields.full_name);
  if (fullName && !firstName && !lastName) {
    const [first, ...rest] = fullName.split(' ');
    firstName = first ?? null;
    lastName = rest.length ? rest.join(' ') : null;
  } else if (fullName) {
    metadata.full_name = fullName;
  }

  const phone = text(fields.phone);
  const phoneE164 = normalizePhone(fields.phone);
  const email = normalizeEmail(fields.email);
  const state = normalizeState(fields.state);
  const language = normalizeLanguage(fields.language);
  keepUnparsed(metadata, 'email', fields.email, email);
  keepUnparsed(metadata, 'state', fields.state, state);
  keepUnparsed(metadata, 'language', fields.language, language);

  const businessLine = text(fields.business_line);
  const documentNumber = normalizeDocumentNumber(fields.document_number);
  keepUnparsed(metadata, 'document_number', fields.document_number, documentNumber);
  return {
    lead: {
      first_name: firstName,
      last_name: lastName,
      email,
      phone,
      phone_e164: phoneE164,
      state,
      country: normalizeCountry(text(fields.country)) ?? (state ? 'US' : null),
      zip: text(fields.zip),
      city: text(fields.city),
      business_line: businessLine ? businessLine.toLowerCase().replace(/[\s-]+/g, '_') : null,
      language,
      document_type: text(fields.document_type)?.toLowerCase() ?? null,
      document_number: documentNumber,
      external_id: text(fields.external_id),
      metadata,
    },
    idempotencyKey: normalizeIdempotencyKey(fields.idempotency_key),
  };
}

/**
 * Document numbers compare without spaces, dots or dashes. Placeholders ("N/A", "0", "000000")
 * are not numbers: as duplicate keys with no time limit they would swallow every later lead.
 */
function normalizeDocumentNumber(value: unknown): string | null {
  const number = text(value)?.replace(/[\s.-]/g, '').toUpperCase() ?? null;
  if (!number || number.length < 4 || number.length > 64 || !/\d/.test(number)) return null;
  return /^(.)\1*$/.test(number) ? null : number;
}

// A value that was sent but could not be understood is kept as sent, under its field's name.
function keepUnparsed(metadata: Record<string, unknown>, name: string, raw: unknown, parsed: string | null) {
  if (parsed === null && raw !== undefined && raw !== null && raw !== '') metadata[`unparsed_${name}`] = raw;
}
