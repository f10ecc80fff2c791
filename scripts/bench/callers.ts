import type { Sql } from 'postgres';

export interface CallerSpec {
  name: string;
  /** Empty: the global pool. */
  assigned_states: string[];
  daily_lead_limit: number;
}

/** Callers made through save_caller, as the Callers page makes them; their ids, in order. */
export async function addCallers(sql: Sql, specs: readonly CallerSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) {
    const [row] = await sql<{ id: string }[]>`select (public.save_caller(null, ${sql.json(spec as never)})).id`;
    if (!row) throw new Error(`save_caller(${spec.name}) returned nothing`);
    ids.push(row.id);
  }
  return ids;
}

/** Takes callers in or out of routing (save_caller's `active`). */
export async function setActive(sql: Sql, ids: readonly string[], active: boolean): Promise<void> {
  for (const id of ids) await sql`select public.save_caller(${id}, ${sql.json({ active })})`;
}

/**
 * The routing of scenarios 1 and 2: five state desks and three in the global pool, with caps
 * no run reaches, so every lead is routed and assigned.
 */
export const ROUTING_CALLERS: CallerSpec[] = [
  { name: 'Desk CA', assigned_states: ['CA'], daily_lead_limit: 1_000_000 },
  { name: 'Desk TX', assigned_states: ['TX'], daily_lead_limit: 1_000_000 },
  { name: 'Desk FL', assigned_states: ['FL'], daily_lead_limit: 1_000_000 },
  { name: 'Desk NY/NJ', assigned_states: ['NJ', 'NY'], daily_lead_limit: 1_000_000 },
  { name: 'Desk IL', assigned_states: ['IL'], daily_lead_limit: 1_000_000 },
  { name: 'Pool 1', assigned_states: [], daily_lead_limit: 1_000_000 },
  { name: 'Pool 2', assigned_states: [], daily_lead_limit: 1_000_000 },
  { name: 'Pool 3', assigned_states: [], daily_lead_limit: 1_000_000 },
];
