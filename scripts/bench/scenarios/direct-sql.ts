import type { Sql } from 'postgres';
import { ingestLead } from '../../../lib/intake/ingest-lead';
import { normalizeLead } from '../../../lib/intake/normalize/lead';
import { addCallers, ROUTING_CALLERS } from '../callers';
import { createSource } from '../database';
import { figure, type Figure } from '../figures';
import { nextLead, type LeadFields } from '../leads';
import type { Profile } from '../profile';
import { runSql, type SqlRun } from '../sql-load';
import { BASELINES } from './ingest-http';

// As many callers at once as the 16-connection HTTP run, through postgres.js as the app calls it.
const WORKERS = 16;

/** One ingest_lead call as /api/ingest makes it for a single JSON lead with an Idempotency-Key. */
export function ingestDirect(sql: Sql, sourceId: string, fields: LeadFields) {
  const { lead } = normalizeLead(fields);
  return ingestLead(sql, sourceId, {
    request_id: `bench-${fields.email}`, idempotency_key: `bench-${fields.email}`, content_type: 'application/json',
    raw_body: JSON.stringify(fields), payload: fields, headers: {},
  }, lead);
}

export interface DirectResult {
  figures: Figure[];
  ingestRate: number;
  commitRate: number;
}

/**
 * Baselines (b) and (c), in a database of their own: public.ingest_lead called directly (the
 * leads of scenario 1, 5% duplicates, routed to the same eight callers), and a one-row INSERT
 * into a table with nothing on it, the commit ceiling of this disk with fsync on. Both from 16
 * connections, closed loop.
 */
export async function directBaselines({ sql, profile }: { sql: Sql; profile: Profile }): Promise<DirectResult> {
  const source = await createSource(sql, 'bench');
  await addCallers(sql, ROUTING_CALLERS);
  const ingest = await runSql({
    workers: WORKERS,
    durationS: profile.durationS,
    call: () => ingestDirect(sql, source.id, nextLead({ duplicates: true })),
  });
  await sql`create table public.bench_commits (body text)`;
  const commit = await runSql({
    workers: WORKERS,
    durationS: profile.durationS,
    call: () => sql`insert into public.bench_commits (body) values (${JSON.stringify(nextLead({ duplicates: false }))})`,
  });
  const sqlFigure = (name: string, run: SqlRun, unit: string) => figure({
    scenario: BASELINES, name, value: run.perSecond, unit, latency: run.latency,
    detail: `${run.calls.toLocaleString('en-US')} calls in ${run.seconds.toFixed(1)} s${run.errors ? `; ${run.errors} failed: ${run.firstError}` : ''}`,
  });
  return {
    figures: [
      sqlFigure(`(b) ingest_lead through postgres.js, ${WORKERS} connections`, ingest, 'calls/s'),
      sqlFigure(`(c) one-row INSERT into a bare table, ${WORKERS} connections`, commit, 'rows/s'),
    ],
    ingestRate: ingest.perSecond,
    commitRate: commit.perSecond,
  };
}
