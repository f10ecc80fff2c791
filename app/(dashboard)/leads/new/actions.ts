'use server';

import { viewerAction } from '@/lib/auth/viewer-action';
import { addLead } from '@/lib/intake/add-lead';
import { addLeadFormSchema } from '@/lib/intake/forms';

/** The "Add lead" form: the same path as a webhook, under the `dashboard` source. */
export const addLeadAction = viewerAction(addLeadFormSchema, async (fields, { viewer, requestId }) => ({
  result: await addLead(viewer, 'dashboard', fields, { requestId }),
}));
