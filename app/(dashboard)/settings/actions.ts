'use server';

import { revalidatePath } from 'next/cache';
import { mapError } from '@/lib/api/errors';
import { currentViewer } from '@/lib/auth/current-viewer';
import { createSource, createSourceSchema, updateSource } from '@/lib/intake/sources';

export interface SourceActionState {
  /** The secret just created or rotated in: shown once, never again. */
  secret?: { name: string; value: string };
  error?: string;
}

async function attempt(fn: () => Promise<SourceActionState>): Promise<SourceActionState> {
  try {
    const state = await fn();
    revalidatePath('/settings');
    return state;
  } catch (error) {
    const mapped = mapError(error);
    if (!mapped.expected) throw error;
    return { error: mapped.message ?? mapped.code };
  }
}

export async function createSourceAction(_state: SourceActionState, form: FormData): Promise<SourceActionState> {
  const parsed = createSourceSchema.safeParse({ name: form.get('name') });
  if (!parsed.success) return { error: `Name: ${parsed.error.issues[0]!.message}` };
  return attempt(async () => {
    const { source, secret } = await createSource(await currentViewer(), parsed.data.name);
    return { secret: { name: source.name, value: secret } };
  });
}

export async function sourceCommandAction(_state: SourceActionState, form: FormData): Promise<SourceActionState> {
  const id = String(form.get('id'));
  const command = String(form.get('command'));
  return attempt(async () => {
    const viewer = await currentViewer();
    if (command === 'rotate') {
      const { source, secret } = await updateSource(viewer, id, { rotate: true });
      return { secret: { name: source.name, value: secret! } };
    }
    if (command === 'end_rotation') await updateSource(viewer, id, { end_rotation: true });
    else if (command === 'activate') await updateSource(viewer, id, { active: true });
    else if (command === 'deactivate') await updateSource(viewer, id, { active: false });
    else return { error: 'unknown command' };
    return {};
  });
}
