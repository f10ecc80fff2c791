import { redirect } from 'next/navigation';
import { WhoAmI } from '@/components/auth/who-am-i';
import { ApiError } from '@/lib/api/errors';
import { currentViewer } from '@/lib/auth/current-viewer';
import { currentIdentity } from '@/lib/auth/identity';
import { startPage } from '@/lib/auth/page-viewer';

export const metadata = { title: 'Not a member' };
export const dynamic = 'force-dynamic';

/** Signed in, but not (or no longer) an active member: say so, and how to get in. */
export default async function NotAMemberPage() {
  const identity = await currentIdentity();
  if (!identity) redirect('/login');
  const member = await currentViewer().catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'forbidden') return null;
    throw error;
  });
  if (member) redirect(startPage(member));
  return (
    <main className="mx-auto mt-24 max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-bold tracking-tight">You are not a member of this team</h1>
      <p className="text-sm text-slate-600">
        {identity.email ? <>You are signed in as <strong>{identity.email}</strong>, but </> : 'This account '}
        is not an active member of this LeadOps team. Ask an admin to add you (Members page), then reload.
      </p>
      <WhoAmI userId={identity.userId} email={identity.email} role={null} />
    </main>
  );
}
