import { shapeProblem } from '@/lib/api/json-shape';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_ITEMS = 500;

export type ParsedItem =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; reason: string; value: unknown };

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
  if (type === 'application/x-www-form-urlencoded') return single(fromSearchParams(new URLSearchParams(raw)));
  if (type === 'multipart/form-data') return fromMultipart(raw, contentType!);

  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty body', status: 400 };
  if (type.endsWith('json') || text.startsWith('{') || text.startsWith('[')) return fromJson(text);
  // No or odd content type: senders (PHP's http_build_query, curl -d) often omit it.
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(text)) return single(fromSearchParams(new URLSearchParams(text)));
  return { ok: false, reason: `cannot read a body of type ${type || 'unknown'}`, status: 400 };
}

function single(fields: Record<string, unknown>): ParsedBody {
  return { ok: true, batch: false, items: [{ ok: true, fields }] };
}

function fromJson(text: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body is not valid JSON', status: 400 };
  }
  // Stored raw as a rejected intake: deeper or wider JSON cannot be a lead.
  const tooBig = shapeProblem(value);
  if (tooBig) return { ok: false, reason: tooBig, status: 400 };
  if (isRecord(value)) return single(value);
  if (!Array.isArray(value)) return { ok: false, reason: 'JSON body must be an object or an array of objects', status: 400 };
  if (value.length === 0) return { ok: false, reason: 'empty batch', status: 400 };
  if (value.length > MAX_BATCH_ITEMS) {
    return { ok: false, reason: `batch of ${value.length} items exceeds ${MAX_BATCH_ITEMS}`, status: 413 };
  }
  return {
    ok: true,
    batch: true,
    items: value.map((item) => (isRecord(item) ? { ok: true, fields: item } : { ok: false, reason: 'item is not an object', value: item })),
  };
}

function fromSearchParams(params: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

async function fromMultipart(raw: string, contentType: string): Promise<ParsedBody> {
  try {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const fields: Record<string, unknown> = {};
    for (const key of new Set(form.keys())) {
      const values = form.getAll(key).map((value) => (typeof value === 'string' ? value : `[file ${value.name}]`));
      fields[key] = values.length === 1 ? values[0] : values;
    }
    return single(fields);
  } catch {
    return { ok: false, reason: 'multipart body cannot be read', status: 400 };
  }
}
