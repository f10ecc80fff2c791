import { viewAs } from '@/app/view-as-actions';
import type { LocalMember } from '@/lib/auth/privileged';

/** Local mode: view the dashboard as any active member (admin, a manager, each caller). */
export function MemberSwitcher({ members, current }: { members: LocalMember[]; current: string }) {
  return (
    <form action={viewAs} className="space-y-1">
      <label className="block text-xs font-medium text-slate-500">
        View as
        <select name="userId" defaultValue={current} aria-label="View as" className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-xs">
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.callerName ?? member.email} ({member.role})
            </option>
          ))}
        </select>
      </label>
      <button className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100">Switch</button>
    </form>
  );
}
