import 'server-only';
import type { TransactionSql } from 'postgres';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { offsetOf, paginationSchema, toPage } from '@/lib/db/pagination';
import { containsPattern } from '@/lib/db/like';
import { withViewer } from '@/lib/db/with-viewer';

export const leadStatuses = ['new', 'assigned', 'contacted', 'qualified', 'won', 'lost', 'reserved', 'sold'] as const;

export const listLeadsQuery = paginationSchema.extend({
  status: z.enum(leadStatuses).optional(),
  state: z.string().regex(/^[A-Za-z]{2}$/).transform((s) => s.toUpperCase()).optional(),
  caller: z.uuid().optional(),
  /** A lead id, or text in the name, email or phone. */
  q: z.string().trim().min(1).max(200).optional(),
});

export type ListLeadsQuery = z.infer<typeof listLeadsQuery>;

export interface LeadRow {
  id: string;
  created_at: Date;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone_e164: string | null;
  state: string | null;
  business_line: string | null;
  status: string;
  score: number;
  caller_name: string | null;
}

/** Leads newest first, filtered by status and state, one page at a time. */
export async function listLeads(viewer: Viewer, query: ListLeadsQuery) {
  return withViewer(db(), viewer, async (tx) => toPage(await selectLeads(tx, query), query));
}

/** The list's query on a transaction already run as the viewer; each row carries the `total`. */
export function selectLeads(tx: TransactionSql, query: Omit<ListLeadsQuery, 'page'> & { page?: number }) {
  const q = query.q ?? null;
  const pattern = q ? containsPattern(q) : null;
  return tx<(LeadRow & { total: string })[]>`
      select l.id, l.created_at, l.first_name, l.last_name, l.email, l.phone_e164, l.state,
             l.business_line, l.status, l.score, c.name as caller_name, count(*) over () as total
      from public.leads l
      left join public.callers c on c.id = l.assigned_caller_id
      where (${query.status ?? null}::text is null or l.status = ${query.status ?? null})
        and (${query.state ?? null}::text is null or l.state = ${query.state ?? null})
        and (${query.caller ?? null}::uuid is null or l.assigned_caller_id = ${query.caller ?? null})
        and (${q}::text is null or l.id::text = ${q} or l.email ilike ${pattern} or l.phone_e164 like ${pattern}
             or (coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) ilike ${pattern})
      order by l.created_at desc, l.id
      limit ${query.per_page} offset ${offsetOf({ page: query.page ?? 1, per_page: query.per_page })}`;
}
