import 'server-only';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { newSourceSecret, sha256Hex } from './authenticate';
import { forgetSourceCredentials } from './source-credentials';

export const createSourceSchema = z.object({
  // Its format is the database's rule (private.source_name_problem); create_source says what is wrong.
  name: z.string().trim().min(1).max(63),
});

export const updateSourceSchema = z
  .object({
    rotate: z.literal(true).optional(),
    end_rotation: z.literal(true).optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'say what to change: rotate, end_rotation or active');

export const sourceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['webhook', 'internal']),
  active: z.boolean(),
  rotating: z.boolean(),
  created_at: z.coerce.date(),
  updated_at: z.coerce.date(),
});

export type Source = z.infer<typeof sourceSchema>;

export async function listSources(viewer: Viewer): Promise<Source[]> {
  const rows = await withViewer(db(), viewer, (tx) => tx`
    select id, name, kind, active, rotating, created_at, updated_at from public.sources order by kind desc, name`);
  return rows.map((row) => sourceSchema.parse(row));
}

/** Creates a webhook source. The secret is returned once and only its hash is stored. */
export async function createSource(viewer: Viewer, name: string): Promise<{ source: Source; secret: string }> {
  const secret = newSourceSecret();
  const [row] = await withViewer(db(), viewer, (tx) => tx`select public.create_source(${name}, ${sha256Hex(secret)}) as source`);
  forgetSourceCredentials();
  return { source: sourceSchema.parse(row?.source), secret };
}

/** Rotates, ends a rotation, or (de)activates; a rotation returns the new secret, once. */
export async function updateSource(
  viewer: Viewer,
  id: string,
  change: z.infer<typeof updateSourceSchema>,
): Promise<{ source: Source; secret?: string }> {
  const secret = change.rotate ? newSourceSecret() : undefined;
  const [row] = await withViewer(db(), viewer, (tx) => tx`
    select public.update_source(${id}, ${secret ? sha256Hex(secret) : null}, ${change.end_rotation ?? false}, ${change.active ?? null}) as source`);
  forgetSourceCredentials();
  return { source: sourceSchema.parse(row?.source), ...(secret ? { secret } : {}) };
}
