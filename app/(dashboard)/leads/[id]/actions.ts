'use server';

import { revalidatePath } from 'next/cache';
import { viewerAction } from '@/lib/auth/viewer-action';
import { assignLead, unassignLead, updateLeadStatus } from '@/lib/routing/assign';
import { leadStatusFormSchema, routeLeadFormSchema } from '@/lib/routing/forms';

/** Assign (to the chosen caller, or by the rules when none is chosen), reassign or unassign. */
export const routeLeadAction = viewerAction(routeLeadFormSchema, async (form, { viewer }) => {
  let message: string;
  if (form.command === 'unassign') {
    await unassignLead(viewer, form.id);
    message = 'Back in stock.';
  } else {
    const result = await assignLead(viewer, form.id, form.caller_id);
    if (result.assigned) message = `Assigned to ${String(result.caller_name)} (${String(result.reason)}).`;
    else message = result.reason === 'not_in_stock' ? 'The lead is not in stock.' : 'Nobody is eligible: the lead stays in stock.';
  }
  revalidatePath(`/leads/${form.id}`);
  return { message };
});

export const leadStatusAction = viewerAction(leadStatusFormSchema, async ({ id, status, note }, { viewer }) => {
  await updateLeadStatus(viewer, id, status, note);
  revalidatePath(`/leads/${id}`);
  return { message: `Marked ${status}.` };
});
