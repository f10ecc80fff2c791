import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { normalizePhone } from '@/lib/intake/normalize/phone';
import type { LeadEvent, RecordedEvent } from './event-schema';

/**
 * Finds the lead the event names and records the event on it, in one round trip. An unknown
 * lead surfaces as the function's PT404.
 */
export async function recordEvent(sql: Sql | TransactionSql, event: LeadEvent): Promise<RecordedEvent> {
  const [row] = await sql<{ r: RecordedEvent }[]>`
    select public.record_lead_event(
      ${event.event_id},
      public.find_lead(${event.lead_id ?? null}, ${event.lead_external_id ?? null}, ${event.email ?? null},
                       ${event.phone ? normalizePhone(event.phone) : null}),
      ${event.type}, ${event.occurred_at ?? null}, ${sql.json((event.properties ?? {}) as never)}) as r`;
  return row!.r;
}
