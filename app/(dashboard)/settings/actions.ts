'use server';

import { revalidatePath } from 'next/cache';
import { viewerAction } from '@/lib/auth/viewer-action';
import { sourceCommandFormSchema, type OneTimeSecret } from '@/lib/intake/forms';
import { createSource, createSourceSchema, updateSource } from '@/lib/intake/sources';
import { stateCapsFormSchema } from '@/lib/orders/forms';
import { getStateCaps, setStateCaps } from '@/lib/orders/orders';
import { settingFormSchema } from '@/lib/settings/forms';
import { setSetting } from '@/lib/settings/set-setting';

export const createSourceAction = viewerAction(createSourceSchema, async ({ name }, { viewer }) => {
  const { source, secret } = await createSource(viewer, name);
  revalidatePath('/settings');
  return { result: { name: source.name, value: secret } };
});

/** Rotate (the new secret is shown once), end a rotation, activate or deactivate a source. */
export const sourceCommandAction = viewerAction(sourceCommandFormSchema, async ({ id, command }, { viewer }) => {
  let shown: OneTimeSecret | undefined;
  if (command === 'rotate') {
    const { source, secret } = await updateSource(viewer, id, { rotate: true });
    shown = secret ? { name: source.name, value: secret } : undefined;
  } else {
    await updateSource(viewer, id, command === 'end_rotation' ? { end_rotation: true } : { active: command === 'activate' });
  }
  revalidatePath('/settings');
  return { result: shown };
});

/**
 * The caps editor sends the whole list: states left out lose their cap. It also sends the
 * version it was opened at, so a list changed by someone else meanwhile is not overwritten
 * (set_state_caps answers with the current caps, which the editor shows).
 */
export const saveCapsAction = viewerAction(stateCapsFormSchema, async ({ caps, version }, { viewer }) => {
  const { caps: current } = await getStateCaps(viewer);
  const removed = Object.fromEntries(Object.keys(current).filter((state) => !(state in caps)).map((state) => [state, null]));
  const saved = await setStateCaps(viewer, { ...removed, ...caps }, version);
  revalidatePath('/settings');
  return { message: `Saved ${Object.keys(saved.caps).length} state cap(s).`, result: { version: saved.version } };
});

/**
 * One business setting; set_setting refuses values it does not allow, in words, and a change
 * over a newer version than the form was opened at (with the setting as it is now).
 */
export const saveSettingAction = viewerAction(settingFormSchema, async ({ key, value, version }, { viewer }) => {
  const saved = await setSetting(viewer, key, value, version);
  // The time zone shows in the layout of every page.
  revalidatePath('/', 'layout');
  return { message: `Saved ${key}.`, result: { version: saved.version } };
});
