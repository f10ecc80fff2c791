import 'server-only';
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

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | null>;

/**
 * Sold leads of fulfilled orders as CSV, streamed 500 rows at a time from a cursor: one row per
 * lead, quoting by papaparse, a header row first. The database turns `from`/`to` into the app
 * time zone's day bounds and writes the times there ('2026-03-08 03:30:00 EDT'): one reading of
 * the zone setting, and no per-row Intl formatter, which cost ~1 ms a row.
 *
 * The cursor advances only as the client reads (a slow download holds one chunk in memory, not
 * the whole export) and stops when the client goes away. If the query fails after the header
 * has gone out, the stream errors, so the response is cut off without its final chunk and the
 * client sees a failed download instead of a shorter file that looks complete; `onError` hears
 * why. A client that reads nothing for `stallMs` (a minute) is dropped the same way: its
 * transaction holds a pooled connection and locks for as long as it waits.
 */
export function exportOrdersCsv(
  sql: Sql,
  viewer: Viewer,
  query: z.infer<typeof exportQuerySchema>,
  { onError = () => {}, stallMs = 60_000 }: { onError?: (error: unknown) => void; stallMs?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cancelled = false;
  let wake: (() => void) | undefined;
  const resume = () => {
    wake?.();
    wake = undefined;
  };
  return new ReadableStream({
    start(controller) {
      // Room for the next chunk: the client has read what is queued, or has gone away.
      const room = () => (cancelled || controller.desiredSize! > 0 ? Promise.resolve() : new Promise<void>((resolve, reject) => {
        const stalled = setTimeout(() => reject(new Error(`the client read nothing for ${stallMs / 1000} s`)), stallMs);
        wake = () => {
          clearTimeout(stalled);
          resolve();
        };
      }));
      const send = async (rows: string[][]) => {
        controller.enqueue(encoder.encode(Papa.unparse(rows, { header: false, escapeFormulae: true }) + '\r\n'));
        await room();
      };
      // Not awaited: a stream's reads start only once start() has returned.
      void (async () => {
        try {
          controller.enqueue(encoder.encode(Papa.unparse([EXPORT_COLUMNS as unknown as string[]]) + '\r\n'));
          await withViewer(sql, viewer, async (tx) => {
            // `set local timezone`: to_char's TZ and the day bounds below are the app's zone.
            await tx`select set_config('timezone', public.app_time_zone(), true)`;
            const cursor = tx<ExportRow[]>`
              select o.id as order_id, o.customer_name, o.customer_email,
                     to_char(o.fulfilled_at, 'YYYY-MM-DD HH24:MI:SS TZ') as fulfilled_at, l.id as lead_id,
                     to_char(l.created_at, 'YYYY-MM-DD HH24:MI:SS TZ') as created_at,
                     l.first_name, l.last_name, l.email, l.phone_e164 as phone, l.state, l.zip, l.city, l.business_line
              from public.orders o
              join public.order_leads ol on ol.order_id = o.id and ol.released_at is null
              join public.leads l on l.id = ol.lead_id
              where o.status = 'fulfilled'
                and (${query.order_id ?? null}::uuid is null or o.id = ${query.order_id ?? null})
                and (${query.from ?? null}::date is null or o.fulfilled_at >= ${query.from ?? null}::date::timestamp::timestamptz)
                and (${query.to ?? null}::date is null or o.fulfilled_at < (${query.to ?? null}::date + 1)::timestamp::timestamptz)
              order by o.fulfilled_at, o.id, l.created_at, l.id`.cursor(500);
            for await (const rows of cursor) {
              // escapeFormulae: a cell such as =HYPERLINK(...) must stay text when the file is opened in Excel.
              await send(rows.map((row) => EXPORT_COLUMNS.map((column) => row[column] ?? '')));
              if (cancelled) break;
            }
          });
          if (!cancelled) controller.close();
        } catch (error) {
          if (cancelled) return;
          onError(error);
          controller.error(error);
        }
      })();
    },
    pull: resume,
    cancel() {
      cancelled = true;
      resume();
    },
  });
}
