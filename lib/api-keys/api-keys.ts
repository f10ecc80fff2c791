import 'server-only';
import { z } from 'zod';
import { formOptionalNumber, formOptionalText, formText } from '@/lib/api/form-fields';
import { generateApiKey } from '@/lib/auth/api-keys';
import { appRoles, type AppRole, type Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { viewerRpc } from '@/lib/db/viewer-rpc';
import { withViewer } from '@/lib/db/with-viewer';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: AppRole;
  caller_id: string | null;
  caller_name: string | null;
  rate_limit_per_minute: number;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const createApiKeyFormSchema = z.object({
  name: formText.pipe(z.string().min(1, 'name the key (e.g. the script that uses it)').max(100)),
  role: z.enum(appRoles, 'choose admin, manager or caller'),
  caller_id: formOptionalText.pipe(z.uuid('choose a caller').nullable()),
  rate_limit_per_minute: formOptionalNumber.pipe(z.number('requests per minute must be a number').int('a whole number of requests').min(1).max(1_000_000).nullable())
    .transform((limit) => limit ?? 600),
});

export const revokeApiKeyFormSchema = z.object({ id: z.uuid() });

/** Keys as an admin sees them (RLS: admins only; the hash is not readable by anyone signed in). */
export function listApiKeys(viewer: Viewer): Promise<ApiKeyRow[]> {
  return withViewer(db(), viewer, (tx) => tx<ApiKeyRow[]>`
    select k.id, k.name, k.prefix, k.role, k.caller_id, c.name as caller_name, k.rate_limit_per_minute,
           k.created_by, k.created_at, k.last_used_at, k.revoked_at
    from public.api_keys k left join public.callers c on c.id = k.caller_id
    order by k.revoked_at is not null, k.created_at desc`);
}

/** Makes a key: the database keeps its hash; the key itself is returned once, to be shown once. */
export async function createApiKey(viewer: Viewer, input: z.output<typeof createApiKeyFormSchema>): Promise<{ key: string; name: string }> {
  const made = generateApiKey();
  await viewerRpc(viewer, (tx) => tx`
    select public.create_api_key(${input.name}, ${made.hash}, ${made.prefix}, ${input.role}, ${input.caller_id}, ${input.rate_limit_per_minute}) as r`);
  return { key: made.key, name: input.name };
}

export function revokeApiKey(viewer: Viewer, id: string) {
  return viewerRpc<{ name: string }>(viewer, (tx) => tx`select public.revoke_api_key(${id}) as r`);
}
