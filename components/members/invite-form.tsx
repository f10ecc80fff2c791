'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

const field = 'rounded-md border border-slate-300 px-2 py-1.5 text-sm';

/** Add a member by email: hosted, Supabase Auth emails them an invite; they sign in with it. */
export function InviteMemberForm({ callers, action }: { callers: { id: string; name: string }[]; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Add a member" className="mb-6 flex flex-wrap items-end gap-2">
      <label className="text-sm">Email<br /><input name="email" type="email" required className={field} /></label>
      <label className="text-sm">Role<br />
        <select name="role" defaultValue="caller" className={field}>
          <option value="caller">caller</option>
          <option value="manager">manager</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <label className="text-sm">Works as caller<br />
        <select name="caller_id" defaultValue="" className={field}>
          <option value="">— (managers and admins)</option>
          {callers.map((caller) => <option key={caller.id} value={caller.id}>{caller.name}</option>)}
        </select>
      </label>
      <button disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">{pending ? 'Adding…' : 'Invite'}</button>
      {state.error ? <p role="alert" className="w-full text-sm text-rose-700">{state.error}</p> : null}
      {state.message ? <p role="status" className="w-full text-sm text-emerald-800">{state.message}</p> : null}
    </form>
  );
}
