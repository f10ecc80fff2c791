import { signOut } from '@/app/login/actions';
import { localMembers } from '@/lib/auth/privileged';
import { hostedProject } from '@/lib/auth/supabase-clients';
import { MemberSwitcher } from './member-switcher';

/** Who the dashboard is showing: hosted, the signed-in member and sign-out; local, a badge and the switcher. */
export async function WhoAmI({ userId, email, role }: { userId: string; email: string | null; role: string | null }) {
  if (hostedProject()) {
    return (
      <div className="space-y-2 text-xs text-slate-500">
        <p data-testid="signed-in-as" className="break-all">{email}{role ? ` · ${role}` : ''}</p>
        <form action={signOut}>
          <button className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100">Sign out</button>
        </form>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <p data-testid="local-mode" title="No Supabase project is configured: this dashboard serves localhost only, without sign-in."
        className="inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
        Local mode
      </p>
      <MemberSwitcher members={await localMembers()} current={userId} />
    </div>
  );
}
