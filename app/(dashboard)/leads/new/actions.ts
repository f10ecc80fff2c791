'use server';

import { currentViewer } from '@/lib/auth/current-viewer';
import { addLead } from '@/lib/intake/add-lead';

export interface AddLeadState {
  result?: { outcome: string; lead_id?: string; reason?: string; intake_id: string };
  error?: string;
}

/** The "Add lead" form: the same path as a webhook, under the `dashboard` source. */
export async function addLeadAction(_state: AddLeadState, form: FormData): Promise<AddLeadState> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && value.trim() !== '' && !key.startsWith('$')) fields[key] = value;
  }
  if (Object.keys(fields).length === 0) return { error: 'Fill in at least one field.' };
  const result = await addLead(await currentViewer(), 'dashboard', fields);
  return { result };
}
