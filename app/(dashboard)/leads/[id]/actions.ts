'use server';

import { revalidatePath } from 'next/cache';
import { mapError } from '@/lib/api/errors';
import { currentViewer } from '@/lib/auth/current-viewer';
import { assignLead, unassignLead, updateLeadStatus } from '@/lib/routing/assign';

export interface LeadActionState {
  message?: string;
  error?: string;
}

async function attempt(leadId: string, fn: () => Promise<string>): Promise<LeadActionState> {
  try {
    const message = await fn();
    revalidatePath(`/leads/${leadId}`);
    return { message };
  } catch (error) {
    const mapped = mapError(error);
    if (!mapped.expected) throw error;
    return { error: mapped.message ?? mapped.code };
  }
}

/** Assign (to the chosen caller, or by the rules when none is chosen), reassign or unassign. */
export async function routeLeadAction(leadId: string, _state: LeadActionState, form: FormData): Promise<LeadActionState> {
  const command = String(form.get('command'));
  const callerId = String(form.get('caller_id') ?? '') || null;
  return attempt(leadId, async () => {
    const viewer = await currentViewer();
    if (command === 'unassign') {
      await unassignLead(viewer, leadId);
      return 'Back in stock.';
    }
    const result = await assignLead(viewer, leadId, callerId);
    if (result.assigned) return `Assigned to ${String(result.caller_name)} (${String(result.reason)}).`;
    return result.reason === 'not_in_stock' ? 'The lead is not in stock.' : 'Nobody is eligible: the lead stays in stock.';
  });
}

export async function leadStatusAction(leadId: string, _state: LeadActionState, form: FormData): Promise<LeadActionState> {
  const status = String(form.get('status'));
  const note = String(form.get('note') ?? '');
  return attempt(leadId, async () => {
    await updateLeadStatus(await currentViewer(), leadId, status, note);
    return `Marked ${status}.`;
  });
}
