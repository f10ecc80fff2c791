import 'server-only';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import Papa from 'papaparse';
import type { Sql } from 'postgres';
import type { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import type { exportQuerySchema } from './order-schema';

export const EXPORT_COLUMNS = [
  'order_id', 'customer_name', 'customer_email', 'fulfilled_at', 'lead_id', 'created_at', 'first_name', 'last_name',
  'email', 'phone', 'state', 'zip', 'city', 'business_line',
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], unknown>;

/** The start of the New York day after `date` (YYYY-MM-DD), DST-correct. */
function startOfNextDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return fromZonedTime(`${next}T00:00:00`, timeZone);
}

/**
 * Sold leads of fulfilled orders as CSV, streamed 500 rows at a time from a cursor: one row per
 * lead, times in the app's time zone, quoting by papaparse, a header row first.
 */
export function exportOrdersCsv(sql: Sql, viewer: Viewer, query: z.infer<typeof exportQuerySchema>, timeZone: string): ReadableStream<Uint8Array> {
  const from = query.from ? fromZonedTime(`${query.from}T00:00:00`, timeZone) : null;
  const to = query.to ? startOfNextDay(query.to, timeZone) : null;
  const time = (value: unknown) => (value ? formatInTimeZone(value as Date, timeZone, 'yyyy-MM-dd HH:mm:ss zzz') : '');
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(Papa.unparse([EXPORT_COLUMNS as unknown as string[]]) + '\r\n'));
        await withViewer(sql, viewer, async (tx) => {
          const cursor = tx<ExportRow[]>`
            select o.id as order_id, o.customer_name, o.customer_email, o.fulfilled_at, l.id as lead_id, l.created_at,
                   l.first_name, l.last_name, l.email, l.phone_e164 as phone, l.state, l.zip, l.city, l.business_line
            from public.orders o
            join public.order_leads ol on ol.order_id = o.id and ol.released_at is null
            join public.leads l on l.id = ol.lead_id
            where o.status = 'fulfilled'
              and (${query.order_id ?? null}::uuid is null or o.id = ${query.order_id ?? null})
              and (${from}::timestamptz is null or o.fulfilled_at >= ${from})
              and (${to}::timestamptz is null or o.fulfilled_at < ${to})
            order by o.fulfilled_at, o.id, l.created_at, l.id`.cursor(500);
          for await (const rows of cursor) {
            const data = rows.map((row) => EXPORT_COLUMNS.map((column) =>
              column === 'fulfilled_at' || column === 'created_at' ? time(row[column]) : (row[column] ?? '')));
            // escapeFormulae: a cell such as =HYPERLINK(...) must stay text when the file is opened in Excel.
            controller.enqueue(encoder.encode(Papa.unparse(data, { header: false, escapeFormulae: true }) + '\r\n'));
          }
        });
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
