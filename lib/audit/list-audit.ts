import 'server-only';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { containsPattern } from '@/lib/db/like';
import { offsetOf, paginationSchema, type Page } from '@/lib/db/pagination';
import { withViewer } from '@/lib/db/with-viewer';
import { calendarDay } from '@/lib/time/calendar-day';

/** The tables with an audit trigger (supabase/migrations/…_audit.sql); a test holds the two lists together. */
export const auditTables = [
  'api_keys', 'app_settings', 'callers', 'leads', 'members', 'order_leads', 'orders', 'scoring_rule_versions',
  'scoring_rules', 'sources', 'state_caps',
] as const;
export const auditActions = ['insert', 'update', 'delete'] as const;
export const actorKinds = ['member', 'api_key', 'source', 'system', 'console'] as const;

// An empty field of the filter form means "any", not a bad value.
const blankAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional());

export const listAuditQuery = paginationSchema.extend({
  table: optional(z.enum(auditTables)),
  action: optional(z.enum(auditActions)),
  /** Text anywhere in the actor: an email, 'api key …', 'source …'. */
  actor: optional(z.string().trim().min(1).max(200)),
  /** The changed row's id exactly (order_leads: '<order id>/<lead id>'). */
  row_id: optional(z.string().trim().min(1).max(200)),
  /** Calendar days in the app time zone, both inclusive. */
  from: optional(calendarDay),
  to: optional(calendarDay),
});

export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export interface AuditRow {
  id: string;
  at: Date;
  table_name: (typeof auditTables)[number];
  action: (typeof auditActions)[number];
  row_id: string;
  changes: Record<string, unknown>;
  actor: string;
  actor_kind: (typeof actorKinds)[number];
  client_ip: string | null;
}

/**
 * Audit rows newest first, filtered, one page at a time. The filters are put together per
 * request so that each combination gets a plan that uses the indexes; RLS decides the rows
 * (staff: all; callers: their own leads' trail).
 */
export async function listAudit(viewer: Viewer, query: ListAuditQuery, sql: Sql = db()): Promise<Page<AuditRow>> {
  return withViewer(sql, viewer, async (tx) => {
    const filters = [
      query.table ? tx`a.table_name = ${query.table}`
        // Without a table, a row id is looked up under each audited table: the (table, row) index.
        : query.row_id ? tx`a.table_name in ${tx([...auditTables])}` : null,
      query.row_id ? tx`a.row_id = ${query.row_id}` : null,
      query.action ? tx`a.action = ${query.action}` : null,
      query.actor ? tx`a.actor ilike ${containsPattern(query.actor)}` : null,
      // Days of the app time zone, as the database owns it.
      query.from ? tx`a.at >= ${query.from}::date::timestamp at time zone public.app_time_zone()` : null,
      query.to ? tx`a.at < (${query.to}::date + 1)::timestamp at time zone public.app_time_zone()` : null,
    ].filter((filter) => filter !== null);
    const where = filters.reduce((all, filter) => tx`${all} and ${filter}`, tx`true`);
    const data = await tx<AuditRow[]>`
      select a.id::text as id, a.at, a.table_name, a.action, a.row_id, a.changes, a.actor, a.actor_kind, a.client_ip
      from public.audit_log a
      where ${where}
      order by a.at desc, a.id desc
      limit ${query.per_page} offset ${offsetOf(query)}`;
    // Counted apart from the page: a window count would read and sort every matching row.
    const [count] = await tx<{ total: number }[]>`select count(*)::int as total from public.audit_log a where ${where}`;
    return { data, page: query.page, per_page: query.per_page, total: count?.total ?? 0 };
  });
}

/** One lead's trail, newest first: what the lead page shows. */
export async function leadTrail(viewer: Viewer, leadId: string, sql: Sql = db()): Promise<AuditRow[]> {
  const page = await listAudit(viewer, listAuditQuery.parse({ table: 'leads', row_id: leadId, per_page: 200 }), sql);
  return page.data;
}
