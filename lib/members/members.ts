import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { AppRole, Viewer } from '@/lib/auth/viewer';
import { inviteUser } from '@/lib/auth/privileged';
import { db } from '@/lib/db/client';
import { viewerRpc } from '@/lib/db/viewer-rpc';
import { withViewer } from '@/lib/db/with-viewer';

export interface MemberRow {
  user_id: string;
  email: string;
  role: AppRole;
  caller_id: string | null;
  caller_name: string | null;
  active: boolean;
  created_at: string;
}

/** The team as the viewer may see it (RLS: staff see everyone, others only themselves). */
export function listMembers(viewer: Viewer): Promise<MemberRow[]> {
  return withViewer(db(), viewer, (tx) => tx<MemberRow[]>`
    select m.user_id, m.email, m.role, m.caller_id, c.name as caller_name, m.active, m.created_at
    from public.members m left join public.callers c on c.id = m.caller_id
    order by m.active desc, m.role, m.email`);
}

/**
 * Invites a person by email and makes them a member. The invite creates their Auth user (hosted:
 * Supabase sends the email; locally: a row); add_member then checks the viewer is an admin. An
 * invite sent to a non-admin's request is harmless: it creates no membership.
 */
export async function inviteMember(viewer: Viewer, input: { email: string; role: AppRole; caller_id: string | null }) {
  if (viewer.role !== 'admin') {
    // Checked again by add_member; refusing first keeps a manager from sending invite emails.
    throw new ApiError('forbidden', 'only admins can add members');
  }
  await inviteUser(input.email);
  return viewerRpc<MemberRow>(viewer, (tx) =>
    tx`select to_jsonb(public.add_member(${input.email}, ${input.role}, ${input.caller_id})) as r`);
}

export function updateMember(viewer: Viewer, userId: string, fields: { role?: AppRole; caller_id?: string | null; active?: boolean }) {
  return viewerRpc<MemberRow>(viewer, (tx) =>
    tx`select to_jsonb(public.update_member(${userId}, ${tx.json(fields)})) as r`);
}
