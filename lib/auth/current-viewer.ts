import 'server-only';
import { cache } from 'react';
import { ApiError } from '@/lib/api/errors';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { currentIdentity, type Identity } from './identity';
import { claimFirstAdmin } from './privileged';
import type { AppRole, Viewer } from './viewer';

/**
 * The viewer of the current request (once per request): who signed in, and their membership
 * as the database reads it for them (RLS lets a member read their own row). No session → 401;
 * signed in but not an active member → 403.
 */
export const currentViewer = cache(async (): Promise<Viewer> => {
  const identity = await currentIdentity();
  if (!identity) throw new ApiError('unauthorized', 'sign in first');
  const viewer = (await membership(identity)) ?? ((await firstAdmin(identity)) ? await membership(identity) : null);
  if (!viewer) {
    throw new ApiError('forbidden', `${identity.email ?? 'this account'} is not a member of this LeadOps team; ask an admin to add you`);
  }
  return viewer;
});

async function membership(identity: Identity): Promise<Viewer | null> {
  const probe: Viewer = { userId: identity.userId, email: identity.email ?? '', role: 'caller', callerId: null, claims: identity.claims };
  const [row] = await withViewer(db(), probe, (tx) => tx<{ email: string; role: AppRole; caller_id: string | null }[]>`
    select email, role, caller_id from public.members where user_id = auth.uid() and active`);
  return row
    ? { userId: identity.userId, email: row.email, role: row.role, callerId: row.caller_id, claims: identity.claims, clientIp: identity.clientIp }
    : null;
}

function firstAdmin(identity: Identity): Promise<boolean> {
  return identity.claims && identity.email ? claimFirstAdmin(identity.userId, identity.email) : Promise.resolve(false);
}
