'use server';

import { revalidatePath } from 'next/cache';
import { createApiKey, createApiKeyFormSchema, revokeApiKey, revokeApiKeyFormSchema } from '@/lib/api-keys/api-keys';
import { viewerAction } from '@/lib/auth/viewer-action';

export const createApiKeyAction = viewerAction(createApiKeyFormSchema, async (input, { viewer }) => {
  const { key, name } = await createApiKey(viewer, input);
  revalidatePath('/api-keys');
  return { result: { name, value: key } };
});

export const revokeApiKeyAction = viewerAction(revokeApiKeyFormSchema, async ({ id }, { viewer }) => {
  const key = await revokeApiKey(viewer, id);
  revalidatePath('/api-keys');
  return { message: `Revoked ${key.name}: requests with it are refused from now on.` };
});
