import { apiRoute } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { exportOrdersCsv } from '@/lib/orders/export-csv';
import { exportQuerySchema } from '@/lib/orders/order-schema';

/** `?status=fulfilled&from=YYYY-MM-DD&to=YYYY-MM-DD[&order_id=]`: sold leads as CSV, streamed. */
export const GET = apiRoute({ auth: 'member', query: exportQuerySchema }, async ({ viewer, query, log }) => {
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportOrdersCsv(db(), viewer, query, { onError: (error) => log.error({ err: error }, 'CSV export cut off after its header') }), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leadops-orders-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});
