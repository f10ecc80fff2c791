'use server';

import { revalidatePath } from 'next/cache';
import { mapError } from '@/lib/api/errors';
import { currentViewer } from '@/lib/auth/current-viewer';
import { createSource, createSourceSchema, updateSource } from '@/lib/intake/sources';
import { getStateCaps, setStateCaps } from '@/lib/orders/orders';
import { parseCaps } from '@/lib/orders/parse-caps';

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

export interface CapsState {
  error?: string;
  message?: string;
}

/** The caps editor sends the whole list: states left out lose their cap. */
export async function saveCapsAction(_state: CapsState, form: FormData): Promise<CapsState> {
  const parsed = parseCaps(String(form.get('caps') ?? ''));
  if (!parsed.ok) return { error: parsed.error };
  try {
    const viewer = await currentViewer();
    const current = await getStateCaps(viewer);
    const removed = Object.fromEntries(Object.keys(current).filter((state) => !(state in parsed.caps)).map((state) => [state, null]));
    const saved = await setStateCaps(viewer, { ...removed, ...parsed.caps });
    revalidatePath('/settings');
    return { message: `Saved ${Object.keys(saved).length} state cap(s).` };
  } catch (error) {
    const mapped = mapError(error);
    if (!mapped.expected) throw error;
    return { error: mapped.message ?? mapped.code };
  }
}
