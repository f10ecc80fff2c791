'use server';

import { revalidatePath } from 'next/cache';
import { viewerAction } from '@/lib/auth/viewer-action';
import { inviteMemberSchema, memberCommandFields, memberCommandSchema } from '@/lib/members/forms';
import { inviteMember, updateMember } from '@/lib/members/members';

export const inviteMemberAction = viewerAction(inviteMemberSchema, async (input, { viewer }) => {
  const member = await inviteMember(viewer, input);
  revalidatePath('/members');
  return { message: `${member.email} is now a ${member.role}.` };
});

export const memberCommandAction = viewerAction(memberCommandSchema, async ({ user_id, command }, { viewer }) => {
  const member = await updateMember(viewer, user_id, memberCommandFields[command]);
  revalidatePath('/members');
  return { message: `${member.email}: ${member.active ? member.role : 'deactivated'}.` };
});
