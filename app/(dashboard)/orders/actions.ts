'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { viewerAction } from '@/lib/auth/viewer-action';
import { createOrderFormSchema, orderCommandFormSchema } from '@/lib/orders/forms';
import { createOrder, deleteOrder, fulfillOrder, returnLeads } from '@/lib/orders/orders';

export const createOrderAction = viewerAction(createOrderFormSchema, async (order, { viewer }) => {
  const created = await createOrder(viewer, order);
  redirect(`/orders/${String(created.id)}`);
});

/** Fulfill, delete, or return the selected leads, from the order page. */
export const orderCommandAction = viewerAction(orderCommandFormSchema, async (form, { viewer }) => {
  let message: string;
  if (form.command === 'fulfill') {
    await fulfillOrder(viewer, form.id);
    message = 'Order fulfilled: its leads are sold.';
  } else if (form.command === 'delete') {
    await deleteOrder(viewer, form.id);
    message = 'Order deleted: its leads are back in stock.';
  } else {
    const result = await returnLeads(viewer, form.id, form.lead_ids, form.reason);
    message = `${String(result.returned_now)} lead(s) returned to stock.`;
  }
  revalidatePath(`/orders/${form.id}`);
  return { message };
});
