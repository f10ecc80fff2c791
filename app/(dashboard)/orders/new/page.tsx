import { OrderForm } from '@/components/orders/order-form';
import { PageHeader } from '@/components/page-header';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { leadStats } from '@/lib/orders/orders';
import { referenceData } from '@/lib/routing/reference-data';
import { createOrderAction } from '../actions';

export const metadata = { title: 'New order' };

export default async function NewOrderPage() {
  const viewer = await pageViewer(STAFF);
  const [{ states }, stats] = await Promise.all([referenceData(viewer), leadStats(viewer)]);
  return (
    <>
      <PageHeader title="New order" description="Allocates the oldest leads in stock of the chosen states at once, within the caps." />
      <OrderForm action={createOrderAction} states={states.map((s) => ({ ...s, in_stock: stats.by_state[s.code]?.new ?? 0 }))} />
    </>
  );
}
