import type { Sql } from 'postgres';

export interface RoutingHelpers {
  caller(fields: Record<string, unknown>): Promise<string>;
  lead(fields?: Record<string, unknown>): Promise<string>;
  assign(leadId: string, at?: string): Promise<Record<string, unknown>>;
  assignedAt(callerId: string, at: string, count?: number): Promise<void>;
  setting(key: string, value: unknown): Promise<void>;
  reset(): Promise<void>;
}

/** Small builders for routing tests, all through the real tables and functions. */
export function routingHelpers(sql: Sql): RoutingHelpers {
  return {
    async caller(fields) {
      const [row] = await sql<{ id: string }[]>`select id from public.save_caller(null, ${sql.json({ daily_lead_limit: 100, ...fields } as never)})`;
      return row!.id;
    },
    async lead(fields = {}) {
      const [row] = await sql<{ id: string }[]>`
        insert into public.leads (state, business_line, language, first_name)
        values (${(fields.state as string) ?? null}, ${(fields.business_line as string) ?? null},
                ${(fields.language as string) ?? null}, ${(fields.first_name as string) ?? 'Lead'})
        returning id`;
      return row!.id;
    },
    async assign(leadId, at) {
      const [row] = await sql`select public.assign_lead_atomic(${leadId}, 'test', ${at ?? null}) as r`;
      return row!.r as Record<string, unknown>;
    },
    /** Past assignments, to load a caller's day or hour. */
    async assignedAt(callerId, at, count = 1) {
      for (let i = 0; i < count; i += 1) {
        const [lead] = await sql<{ id: string }[]>`insert into public.leads (first_name, status, assigned_caller_id) values ('past', 'lost', ${callerId}) returning id`;
        await sql`insert into public.lead_assignments (lead_id, caller_id, reason, assigned_at) values (${lead!.id}, ${callerId}, 'manual', ${at})`;
      }
    },
    async setting(key, value) {
      await sql`update public.app_settings set value = ${sql.json(value as never)} where key = ${key}`;
    },
    async reset() {
      await sql`truncate public.lead_assignments, public.lead_status_history, public.leads cascade`;
      // Not truncate: that would empty members too, the test's own viewers among them.
      await sql`delete from public.members where caller_id is not null`;
      await sql`delete from public.callers`;
      await sql`insert into public.business_lines (code, name) values ('auto_insurance', 'Auto'), ('solar', 'Solar') on conflict do nothing`;
      await sql`update public.app_settings set value = '"stock"' where key = 'overflow_policy'`;
      await sql`update public.app_settings set value = '"unrestricted"' where key = 'global_pool'`;
    },
  };
}
