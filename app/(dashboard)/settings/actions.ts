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

/** The caps editor sends the whole list: states left out lose their cap. */
export const saveCapsAction = viewerAction(stateCapsFormSchema, async ({ caps }, { viewer }) => {
  const current = await getStateCaps(viewer);
  const removed = Object.fromEntries(Object.keys(current).filter((state) => !(state in caps)).map((state) => [state, null]));
  const saved = await setStateCaps(viewer, { ...removed, ...caps });
  revalidatePath('/settings');
  return { message: `Saved ${Object.keys(saved).length} state cap(s).` };
});

/** One business setting; set_setting refuses values it does not allow, in words. */
export const saveSettingAction = viewerAction(settingFormSchema, async ({ key, value }, { viewer }) => {
  await setSetting(viewer, key, value);
  // The time zone shows in the layout of every page.
  revalidatePath('/', 'layout');
  return { message: `Saved ${key}.` };
});
