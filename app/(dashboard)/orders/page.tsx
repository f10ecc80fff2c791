import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { FilterLinks } from '@/components/filter-links';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { parseSearchParams, type SearchParams } from '@/lib/dashboard/search-params';
import { listOrders, listOrdersQuery, orderStatuses } from '@/lib/orders/list-orders';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'Orders' };

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const showTime = await timeFormatter();
  const query = await parseSearchParams(listOrdersQuery, searchParams);
  const page = await listOrders(await pageViewer(STAFF), query);
  const params = { status: query.status, customer: query.customer };
  return (
    <>
      <PageHeader
        title="Orders"
        description="Buyer orders and the leads allocated to them."
        actions={
          <div className="flex gap-2">
            <a className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100" href="/api/orders/export/csv?status=fulfilled">Export sold leads</a>
            <Link className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white" href="/orders/new">New order</Link>
          </div>
        }
      />
      <FilterLinks basePath="/orders" name="status" values={orderStatuses} current={query.status} params={params} />
      {page.data.length === 0 ? (
        <EmptyState title="No orders match">Create one with New order, or POST /api/orders.</EmptyState>
      ) : (
        <DataTable
          testId="orders-table"
          rows={page.data}
          rowKey={(order) => order.id}
          columns={[
            { header: 'Created', cell: (order) => showTime(order.created_at) },
            { header: 'Customer', cell: (order) => <Link className="text-sky-700 hover:underline" href={`/orders/${order.id}`}>{order.customer_name}</Link> },
            { header: 'States', cell: (order) => order.requested_states.join(', ') },
            { header: 'Leads', cell: (order) => `${order.lead_count}${order.quantity ? ` / ${order.quantity}` : ''}`, className: 'tabular-nums' },
            { header: 'Fulfilled', cell: (order) => showTime(order.fulfilled_at) },
            { header: 'Status', cell: (order) => <StatusBadge status={order.status} /> },
          ]}
        />
      )}
      <Pagination page={page.page} perPage={page.per_page} total={page.total} basePath="/orders" params={params} />
    </>
  );
}
