import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { safeNext } from '@/lib/auth/safe-next';
import { hostedProject } from '@/lib/auth/supabase-clients';
import { parseSearchParams, type SearchParams } from '@/lib/dashboard/search-params';
import { z } from 'zod';
import { sendMagicLink, signInWithPassword } from './actions';

export const metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const loginQuery = z.object({ next: z.string().optional(), error: z.string().optional() });

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  // Locally there is nobody to sign in: the dashboard opens as the local admin.
  if (!hostedProject()) redirect('/');
  const query = await parseSearchParams(loginQuery, searchParams);
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-6 text-xl font-bold tracking-tight">Sign in to LeadOps</h1>
      {query.error ? <p role="alert" className="mb-4 text-sm text-rose-700">That sign-in link has expired or was used already; ask for a new one.</p> : null}
      <LoginForm next={safeNext(query.next)} password={signInWithPassword} magicLink={sendMagicLink} />
    </main>
  );
}
