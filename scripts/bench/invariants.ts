import type { Sql } from 'postgres';

export interface InvariantCount {
  name: string;
  broken: number;
}

/**
 * What routing promises under any concurrency (README, Routing), checked from the rows it left,
 * independently of its own functions: "today" is the calendar day in the app time zone here too.
 * `sourceId` scopes the stock check to the leads of one run: older stock was made while these
 * callers did not exist, and nothing re-routes stock by itself.
 */
export async function routingInvariants(sql: Sql, sourceId: string): Promise<InvariantCount[]> {
  const [row] = await sql<{ two_current: number; assigned_twice: number; over_cap: number; stranded: number }[]>`
    with today as (
      select a.caller_id, count(*)::int as n
      from public.lead_assignments a
      where a.caller_id is not null
        and (a.assigned_at at time zone public.app_time_zone())::date = (now() at time zone public.app_time_zone())::date
      group by a.caller_id
    ), room as (
      select c.id, c.assigned_states from public.callers c left join today t on t.caller_id = c.id
      where c.active and coalesce(t.n, 0) < c.daily_lead_limit
    )
    select
      (select count(*)::int from (select lead_id from public.lead_assignments
         where ended_at is null and caller_id is not null group by lead_id having count(*) > 1) x) as two_current,
      (select count(*)::int from (select a.lead_id from public.lead_assignments a join public.leads l on l.id = a.lead_id
         where l.source_id = ${sourceId} and a.caller_id is not null group by a.lead_id having count(*) > 1) x) as assigned_twice,
      (select count(*)::int from public.callers c join today t on t.caller_id = c.id where t.n > c.daily_lead_limit) as over_cap,
      (select count(*)::int from public.leads l
         where l.source_id = ${sourceId} and l.status = 'new'
           and exists (select from room r where cardinality(r.assigned_states) = 0 or l.state = any (r.assigned_states))) as stranded`;
  if (!row) throw new Error('the invariant query returned nothing');
  return [
    { name: 'leads with two current assignments', broken: row.two_current },
    { name: 'leads assigned twice', broken: row.assigned_twice },
    { name: 'callers over their daily cap', broken: row.over_cap },
    { name: 'leads left in stock while a caller who could take them had room', broken: row.stranded },
  ];
}
