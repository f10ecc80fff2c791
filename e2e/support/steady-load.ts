import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';

export interface Sent {
  key: string;
  /** When it was sent, in ms since the load began. */
  at: number;
  /** 0: no answer (refused connection, reset, or none within 8 s). */
  status: number;
  ms: number;
  retryAfter: string | null;
}

/**
 * Single-lead ingests at a steady 20 a second, each with its own Idempotency-Key, sent to
 * `url()` (asked anew per request, so a test may move the app), every answer kept in `sent`.
 */
export function steadyIngest(url: () => string, secret: string) {
  const sent: Sent[] = [];
  const started = Date.now();
  const post = async (key: string): Promise<Sent> => {
    const at = Date.now() - started;
    try {
      const response = await fetch(`${url()}/api/ingest`, {
        method: 'POST',
        headers: { 'X-Webhook-Secret': secret, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({ first_name: 'Fault', phone: `+1212${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, email: `${key}@fault.example` }),
        // A request that hangs is a finding, not a stuck test: status 0.
        signal: AbortSignal.timeout(8_000),
      });
      await response.arrayBuffer();
      return { key, at, status: response.status, ms: Date.now() - started - at, retryAfter: response.headers.get('retry-after') };
    } catch {
      return { key, at, status: 0, ms: Date.now() - started - at, retryAfter: null };
    }
  };
  const load = async (ms: number) => {
    const inFlight: Promise<void>[] = [];
    const until = Date.now() + ms;
    while (Date.now() < until) {
      inFlight.push(post(randomUUID()).then((result) => void sent.push(result)));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(inFlight);
  };
  // Resends ten at a time, as a client working through its backlog would: not all at once
  // into a server that has just come back.
  const retry = async (keys: string[]): Promise<Sent[]> => {
    const answers: Sent[] = [];
    for (let i = 0; i < keys.length; i += 10) answers.push(...(await Promise.all(keys.slice(i, i + 10).map(post))));
    return answers;
  };
  return { sent, retry, load, elapsed: () => Date.now() - started };
}

export interface Landing {
  /** Keys with a created lead. */
  found: number;
  /** Keys with none. */
  lost: string[];
  /** Keys with more than one. */
  doubled: string[];
}

/** How the leads sent under `keys` landed: created once each is the promise. */
export async function landing(sql: postgres.Sql, keys: string[]): Promise<Landing> {
  const rows = await sql<{ key: string; n: number }[]>`
    select k as key, (select count(*)::int from public.lead_intake i where i.idempotency_key = k and i.outcome = 'created') as n
    from unnest(${keys}::text[]) k`;
  return { found: rows.filter((row) => row.n > 0).length, lost: rows.filter((row) => row.n === 0).map((row) => row.key), doubled: rows.filter((row) => row.n > 1).map((row) => row.key) };
}

/**
 * One row of the fault table, printed by every fault spec the same way: what was sent, what
 * was acknowledged and found, and what went wrong (each of those must be 0).
 */
export function faultRow(fault: string, sent: Sent[], acknowledged: Landing): string {
  const ack = sent.filter((r) => (r.status >= 200 && r.status < 300) || r.status === 409).length;
  return `[fault] ${fault} | sent ${sent.length} | 2xx/409 ${ack} | found ${acknowledged.found} | lost ${acknowledged.lost.length} | doubled ${acknowledged.doubled.length} | 5xx other than 503 ${sent.filter((r) => r.status >= 500 && r.status !== 503).length} | later than 2 s ${sent.filter((r) => r.ms > 2_000).length}`;
}
