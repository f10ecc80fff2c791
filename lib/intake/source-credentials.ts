import 'server-only';
import { db } from '@/lib/db/client';
import type { SourceCredential } from './authenticate';

// Sources change rarely; reading them once every few seconds keeps ingest at one round trip
// per lead. A rotated or deactivated secret stops working within this time.
const TTL_MS = 5_000;
let cached: { at: number; sources: Promise<SourceCredential[]> } | undefined;

/** The active webhook sources and the secret hashes each accepts now. */
export function activeSourceCredentials(nowMs = Date.now()): Promise<SourceCredential[]> {
  if (!cached || nowMs - cached.at > TTL_MS) {
    const sources = load();
    cached = { at: nowMs, sources };
    // A failed read must not be cached: the next request tries again.
    sources.catch(() => {
      if (cached?.sources === sources) cached = undefined;
    });
  }
  return cached.sources;
}

/** Forget the cached secrets (after this process changed a source). */
export function forgetSourceCredentials(): void {
  cached = undefined;
}

async function load(): Promise<SourceCredential[]> {
  const rows = await db()<{ id: string; name: string; secret_hash: string; previous_secret_hash: string | null; rate_limit_per_minute: number | null }[]>`
    select id, name, secret_hash, previous_secret_hash, rate_limit_per_minute from public.sources where active and kind = 'webhook'`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    secretHashes: [row.secret_hash, ...(row.previous_secret_hash ? [row.previous_secret_hash] : [])],
    rateLimitPerMinute: row.rate_limit_per_minute,
  }));
}
