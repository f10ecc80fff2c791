'use server';

import { redirect } from 'next/navigation';
import { viewerAction } from '@/lib/auth/viewer-action';
import { replayIntake } from '@/lib/intake/add-lead';
import { replayFormSchema } from '@/lib/intake/forms';

/** Repair and replay: the edited payload is ingested again, linked to the original intake. */
export const replayIntakeAction = viewerAction(replayFormSchema, async ({ id, payload }, { viewer }) => {
  const result = await replayIntake(viewer, id, payload);
  redirect(`/intake/${result.intake_id}`);
});
