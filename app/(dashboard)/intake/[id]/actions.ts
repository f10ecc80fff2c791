'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { currentViewer } from '@/lib/auth/current-viewer';
import { replayIntake } from '@/lib/intake/add-lead';

export interface ReplayState {
  error?: string;
}

const payloadSchema = z.record(z.string(), z.unknown());

/** Repair and replay: the edited payload is ingested again, linked to the original intake. */
export async function replayIntakeAction(intakeId: string, _state: ReplayState, form: FormData): Promise<ReplayState> {
  let payload: Record<string, unknown>;
  try {
    payload = payloadSchema.parse(JSON.parse(String(form.get('payload') ?? '')));
  } catch {
    return { error: 'The payload must be a JSON object, e.g. {"first_name": "Ann", "phone": "555-234-5678"}.' };
  }
  let next: string;
  try {
    const result = await replayIntake(await currentViewer(), intakeId, payload);
    next = `/intake/${result.intake_id}`;
  } catch (error) {
    const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : '';
    if (code === 'PT409' || code === 'PT404' || code === 'PT403') return { error: (error as Error).message };
    throw error;
  }
  redirect(next);
}
