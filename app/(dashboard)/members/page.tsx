import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { InviteMemberForm } from '@/components/members/invite-form';
import { MemberCommands } from '@/components/members/member-commands';
import { PageHeader } from '@/components/page-header';
import { pageViewer } from '@/lib/auth/page-viewer';
import { listMembers } from '@/lib/members/members';
import { listCallers } from '@/lib/routing/list-callers';
import { inviteMemberAction, memberCommandAction } from './actions';

export const metadata = { title: 'Members' };

export default async function MembersPage() {
  const viewer = await pageViewer(['admin']);
  const [members, callers] = await Promise.all([listMembers(viewer), listCallers(viewer)]);
  const linked = new Set(members.map((member) => member.caller_id));
  return (
    <>
      <PageHeader title="Members" description="Who may sign in, and as what: admins run everything, managers the leads, callers, orders and rules, callers only their own leads." />
      <InviteMemberForm callers={callers.filter((caller) => !linked.has(caller.id))} action={inviteMemberAction} />
      {members.length === 0 ? <EmptyState title="No members yet" /> : (
        <DataTable
          testId="members-table"
          rows={members}
          rowKey={(member) => member.user_id}
          columns={[
            { header: 'Email', cell: (member) => member.email },
            { header: 'Role', cell: (member) => member.role },
            { header: 'Caller', cell: (member) => member.caller_name ?? '—' },
            { header: 'Status', cell: (member) => (member.active ? 'active' : 'deactivated') },
            { header: '', cell: (member) => <MemberCommands userId={member.user_id} role={member.role} active={member.active} action={memberCommandAction} /> },
          ]}
        />
      )}
    </>
  );
}
