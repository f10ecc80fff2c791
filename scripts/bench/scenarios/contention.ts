import type { Sql } from 'postgres';
import { addCallers, type CallerSpec } from '../callers';
import { createSource } from '../database';
import { atLeast, figure, noneAllowed, type Figure } from '../figures';
import { routingInvariants } from '../invariants';
import { nextLead } from '../leads';
import type { Profile } from '../profile';
import { runSql } from '../sql-load';
import { ingestDirect } from './direct-sql';

export const CONTENTION = '3. Assignment contention';

const WRITERS = 50;

/**
 * Twenty callers whose daily caps add up to about 70% of the leads, so caps are hit and the
 * rest goes to stock. The GA desk's cap is above GA's share of leads: it ends with room, so the
 * stock check has something to catch (a GA lead left in stock).
 */
function contentionCallers(leads: number): CallerSpec[] {
  const cap = (atFullSize: number) => Math.max(1, Math.round((atFullSize * leads) / 20_000));
  const desk = (states: string[], n: number, limit: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `Contention ${states.join('/')} ${i + 1}`, assigned_states: states, daily_lead_limit: cap(limit) }));
  return [
    ...desk(['CA'], 2, 600), ...desk(['TX'], 2, 600), ...desk(['FL'], 2, 600), ...desk(['NJ', 'NY'], 2, 800),
    ...desk(['IL'], 1, 600), ...desk(['PA'], 1, 600), ...desk(['OH'], 1, 600), ...desk(['GA'], 1, 2_500),
    ...Array.from({ length: 8 }, (_, i) => ({ name: `Contention pool ${i + 1}`, assigned_states: [], daily_lead_limit: cap(600) })),
  ];
}

/**
 * 50 writers calling ingest_lead at once with new leads (no duplicates), routed to 20 capped
 * callers. The rate is of assignments while they happen: from the first to the last, by the
 * database's clock. Then the routing invariants, each of which must hold with no exception.
 */
export async function assignmentContention({ sql, profile }: { sql: Sql; profile: Profile }): Promise<Figure[]> {
  const specs = contentionCallers(profile.contentionLeads);
  const ids = await addCallers(sql, specs);
  const source = await createSource(sql, 'bench-contention');
  const run = await runSql({
    workers: WRITERS,
    total: profile.contentionLeads,
    capS: profile.contentionCapS,
    call: () => ingestDirect(sql, source.id, nextLead({ duplicates: false })),
  });
  const [assigned] = await sql<{ n: number; seconds: number | null }[]>`
    select count(*)::int as n, extract(epoch from max(a.assigned_at) - min(a.assigned_at))::float8 as seconds
    from public.lead_assignments a join public.leads l on l.id = a.lead_id
    where l.source_id = ${source.id} and a.caller_id is not null`;
  // Whether the run reached the caps it is about (a slow run stopped by its time limit may not).
  const [caps] = await sql<{ at_cap: number }[]>`
    select count(*)::int as at_cap from public.callers c
    where c.id = any (${ids}::uuid[])
      and c.daily_lead_limit <= (select count(*) from public.lead_assignments a where a.caller_id = c.id
        and (a.assigned_at at time zone public.app_time_zone())::date = (now() at time zone public.app_time_zone())::date)`;
  const capSum = specs.reduce((sum, spec) => sum + spec.daily_lead_limit, 0);
  const stopped = run.calls + run.errors < profile.contentionLeads ? ' (stopped at the time limit)' : '';
  const figures = [
    figure({
      scenario: CONTENTION,
      name: `${WRITERS} writers, ${run.calls.toLocaleString('en-US')} leads, ${specs.length} callers with caps summing to ${capSum.toLocaleString('en-US')}${stopped}`,
      value: assigned?.seconds ? assigned.n / assigned.seconds : null,
      unit: 'assignments/s',
      target: atLeast(3_000),
      detail: `${assigned?.n ?? 0} assigned in ${(assigned?.seconds ?? 0).toFixed(1)} s; ${caps?.at_cap ?? 0} of ${ids.length} callers at their cap at the end`,
    }),
    figure({
      scenario: CONTENTION,
      name: 'ingest_lead calls, the same run',
      value: run.perSecond,
      unit: 'calls/s',
      latency: run.latency,
      detail: `${run.calls} calls in ${run.seconds.toFixed(1)} s${run.errors ? `; ${run.errors} failed: ${run.firstError}` : ''}`,
    }),
  ];
  for (const invariant of await routingInvariants(sql, source.id)) {
    figures.push(figure({ scenario: CONTENTION, name: invariant.name, value: invariant.broken, unit: 'rows', target: noneAllowed }));
  }
  return figures;
}
