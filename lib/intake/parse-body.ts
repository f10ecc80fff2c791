import { shapeProblem } from '@/lib/api/json-shape';
import { jsonArrayItemTexts } from './json-items';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_ITEMS = 500;

/** One lead's worth of a body; `text` is its part of the body as sent (the whole of a single). */
export type ParsedItem =
  | { ok: true; fields: Record<string, unknown>; text: string }
  | { ok: false; reason: string; value: unknown; text: string };

export type ParsedBody =
  | { ok: true; batch: boolean; items: ParsedItem[] }
  | { ok: false; reason: string; status: 400 | 413 };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an intake body: a JSON object (one lead), a JSON array (a batch), a form post
 * (urlencoded or multipart). Never throws: what cannot be read comes back with a reason, so the
 * caller can still store the raw body as a rejected intake.
 */
export async function parseIntakeBody(raw: string, contentType: string | null): Promise<ParsedBody> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return single(fieldsOf(new URLSearchParams(raw)), raw);
  if (type === 'multipart/form-data') return fromMultipart(raw, contentType!);

  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty body', status: 400 };
  if (type.endsWith('json') || text.startsWith('{') || text.startsWith('[')) return fromJson(text, raw);
  // No or odd content type: senders (PHP's http_build_query, curl -d) often omit it.
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(text)) return single(fieldsOf(new URLSearchParams(text)), raw);
  return { ok: false, reason: `cannot read a body of type ${type || 'unknown'}`, status: 400 };
}

function single(fields: Record<string, unknown>, raw: string): ParsedBody {
  return { ok: true, batch: false, items: [{ ok: true, fields, text: raw }] };
}

function fromJson(text: string, raw: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body is not valid JSON', status: 400 };
  }
  // Stored raw as a rejected intake: deeper or wider JSON cannot be a lead.
  const tooBig = shapeProblem(value);
  if (tooBig) return { ok: false, reason: tooBig, status: 400 };
  if (isRecord(value)) return single(value, raw);
  if (!Array.isArray(value)) return { ok: false, reason: 'JSON body must be an object or an array of objects', status: 400 };
  if (value.length === 0) return { ok: false, reason: 'empty batch', status: 400 };
  if (value.length > MAX_BATCH_ITEMS) {
    return { ok: false, reason: `batch of ${value.length} items exceeds ${MAX_BATCH_ITEMS}`, status: 413 };
  }
  const texts = jsonArrayItemTexts(text);
  return {
    ok: true,
    batch: true,
    items: value.map((item, index) => {
      const itemText = texts[index]!;
      return isRecord(item) ? { ok: true, fields: item, text: itemText } : { ok: false, reason: 'item is not an object', value: item, text: itemText };
    }),
  };
}

/**
 * Form fields, a repeated name as a list. One pass: getAll() per name is quadratic, a minute of
 * CPU for the 100,000 names a 1 MiB body can hold. Built with fromEntries, so that a name such
 * as "__proto__" is a field like any other.
 */
function fieldsOf(entries: Iterable<[string, string]>): Record<string, unknown> {
  const values = new Map<string, string[]>();
  for (const [key, value] of entries) {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return Object.fromEntries([...values].map(([key, list]) => [key, list.length === 1 ? list[0] : list]));
}

async function fromMultipart(raw: string, contentType: string): Promise<ParsedBody> {
  try {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const entries = [...form].map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : `[file ${value.name}]`]);
    return single(fieldsOf(entries), raw);
  } catch {
    return { ok: false, reason: 'multipart body cannot be read', status: 400 };
  }
}
