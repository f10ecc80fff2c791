import 'server-only';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { newSourceSecret, sha256Hex } from './authenticate';
import { forgetSourceCredentials } from './source-credentials';

export const createSourceSchema = z.object({
  name: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use 1-63 lowercase letters, digits, - or _'),
});

export const updateSourceSchema = z
  .object({
    rotate: z.literal(true).optional(),
    end_rotation: z.literal(true).optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'say what to change: rotate, end_rotation or active');

export interface Source {
  id: string;
  name: string;
  kind: 'webhook' | 'internal';
  active: boolean;
  rotating: boolean;
  created_at: Date;
  updated_at: Date;
}

function toSource(row: Record<string, unknown>): Source {
  return {
    id: String(row.id),
    name: String(row.name),
    kind: row.kind as Source['kind'],
    active: Boolean(row.active),
    rotating: row.previous_secret_hash !== null,
    created_at: row.created_at as Date,
    updated_at: row.updated_at as Date,
  };
}

export async function listSources(viewer: Viewer): Promise<Source[]> {
  const rows = await withViewer(db(), viewer, (tx) => tx`
    select id, name, kind, active, previous_secret_hash, created_at, updated_at from public.sources order by kind desc, name`);
  return rows.map(toSource);
}

/** Creates a webhook source. The secret is returned once and only its hash is stored. */
export async function createSource(viewer: Viewer, name: string): Promise<{ source: Source; secret: string }> {
  const secret = newSourceSecret();
  const [row] = await withViewer(db(), viewer, (tx) => tx`select * from public.create_source(${name}, ${sha256Hex(secret)})`);
  forgetSourceCredentials();
  return { source: toSource(row!), secret };
}

/** Rotates, ends a rotation, or (de)activates; a rotation returns the new secret, once. */
export async function updateSource(
  viewer: Viewer,
  id: string,
  change: z.infer<typeof updateSourceSchema>,
): Promise<{ source: Source; secret?: string }> {
  const secret = change.rotate ? newSourceSecret() : undefined;
  const [row] = await withViewer(db(), viewer, (tx) => tx`
    select * from public.update_source(${id}, ${secret ? sha256Hex(secret) : null}, ${change.end_rotation ?? false}, ${change.active ?? null})`);
  forgetSourceCredentials();
  return { source: toSource(row!), ...(secret ? { secret } : {}) };
}
