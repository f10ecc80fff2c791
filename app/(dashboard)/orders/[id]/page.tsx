import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { OrderActions } from '@/components/orders/order-actions';
import { PageHeader } from '@/components/page-header';
import { StatCard } from '@/components/stat-card';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { getOrder } from '@/lib/orders/orders';
import { timeFormatter } from '@/lib/time/app-time';
import { orderCommandAction } from '../actions';

export const metadata = { title: 'Order' };

interface OrderView {
  id: string;
  customer_name: string;
  customer_email: string | null;
  status: string;
  created_at: string;
  fulfilled_at: string | null;
  requested_states: string[];
  state_caps: Record<string, number>;
  allocated: number;
  wanted: number;
  shortfall: number;
  returned: number;
  allocated_by_state: Record<string, number>;
  leads: { id: string; first_name: string | null; last_name: string | null; phone: string | null; state: string | null; status: string; created_at: string }[] | null;
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const showTime = await timeFormatter();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const order = (await getOrder(await pageViewer(STAFF), id)) as OrderView | null;
  if (!order) notFound();
  return (
    <>
      <PageHeader
        title={order.customer_name}
        description={`${order.customer_email ?? 'no email'} · created ${showTime(order.created_at)}${order.fulfilled_at ? ` · fulfilled ${showTime(order.fulfilled_at)}` : ''}`}
        actions={<span data-testid="order-status"><StatusBadge status={order.status} /></span>}
      />
      <section className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard label="Allocated" value={order.allocated} hint={`of ${order.wanted} wanted`} testId="order-allocated" />
        <StatCard label="Short" value={order.shortfall} hint={order.shortfall > 0 && order.status === 'open' ? 'not enough in stock yet' : 'nothing missing'} />
        <StatCard label="Returned" value={order.returned} />
        <StatCard label="States" value={order.requested_states.join(', ')} hint={order.requested_states.map((s) => `${s} ${order.allocated_by_state[s] ?? 0}/${order.state_caps[s]}`).join(' · ')} />
      </section>
      <OrderActions
        orderId={order.id}
        status={order.status}
        leads={(order.leads ?? []).map((lead) => ({ ...lead, created: showTime(lead.created_at) }))}
        action={orderCommandAction}
        exportHref={order.status === 'fulfilled' ? `/api/orders/export/csv?order_id=${order.id}` : null}
      />
      <p className="mt-6 text-sm"><Link className="text-sky-700 hover:underline" href="/orders">← All orders</Link></p>
    </>
  );
}
