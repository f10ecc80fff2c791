'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { mapError } from '@/lib/api/errors';
import { currentViewer } from '@/lib/auth/current-viewer';
import { createOrderSchema, returnLeadsSchema } from '@/lib/orders/order-schema';
import { createOrder, deleteOrder, fulfillOrder, returnLeads } from '@/lib/orders/orders';
import { parseCaps } from '@/lib/orders/parse-caps';

export interface OrderFormState {
  error?: string;
  message?: string;
}

function failure(error: unknown): OrderFormState {
  const mapped = mapError(error);
  if (!mapped.expected) throw error;
  return { error: mapped.message ?? mapped.code };
}

export async function createOrderAction(_state: OrderFormState, form: FormData): Promise<OrderFormState> {
  const caps = parseCaps(String(form.get('state_caps') ?? ''));
  if (!caps.ok) return { error: caps.error };
  const quantity = String(form.get('quantity') ?? '').trim();
  const parsed = createOrderSchema.safeParse({
    customer_name: form.get('customer_name'),
    customer_email: String(form.get('customer_email') ?? '').trim() || null,
    requested_states: form.getAll('requested_states'),
    quantity: quantity ? Number(quantity) : null,
    state_caps: caps.caps,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.join('.') || 'form'}: ${issue.message}` };
  }
  let id: string;
  try {
    id = String((await createOrder(await currentViewer(), parsed.data)).id);
  } catch (error) {
    return failure(error);
  }
  redirect(`/orders/${id}`);
}

/** Fulfill, delete, or return the selected leads, from the order page. */
export async function orderCommandAction(orderId: string, _state: OrderFormState, form: FormData): Promise<OrderFormState> {
  const command = String(form.get('command'));
  try {
    const viewer = await currentViewer();
    let message: string;
    if (command === 'fulfill') {
      await fulfillOrder(viewer, orderId);
      message = 'Order fulfilled: its leads are sold.';
    } else if (command === 'delete') {
      await deleteOrder(viewer, orderId);
      message = 'Order deleted: its leads are back in stock.';
    } else if (command === 'return') {
      const leadIds = form.getAll('lead_ids').map(String);
      if (leadIds.length === 0) return { error: 'Select the leads to return.' };
      const parsed = returnLeadsSchema.safeParse({ lead_ids: leadIds, reason: form.get('reason') });
      if (!parsed.success) return { error: parsed.error.issues[0]!.message };
      const result = await returnLeads(viewer, orderId, parsed.data.lead_ids ?? null, parsed.data.reason);
      message = `${String(result.returned_now)} lead(s) returned to stock.`;
    } else {
      return { error: 'unknown command' };
    }
    revalidatePath(`/orders/${orderId}`);
    return { message };
  } catch (error) {
    return failure(error);
  }
}
