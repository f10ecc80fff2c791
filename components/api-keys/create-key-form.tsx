'use client';

import { useActionState } from 'react';
import { SecretOnce } from '@/components/secret-once';
import type { FormAction } from '@/lib/api/action-state';
import type { OneTimeSecret } from '@/lib/intake/forms';

const field = 'rounded-md border border-slate-300 px-2 py-1.5 text-sm';

export function CreateKeyForm({ callers, action }: { callers: { id: string; name: string }[]; action: FormAction<OneTimeSecret> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <div className="mb-6 space-y-3">
      <form action={formAction} aria-label="Create an API key" className="flex flex-wrap items-end gap-2">
        <label className="text-sm">Name<br /><input name="name" required maxLength={100} placeholder="e.g. nightly-export" className={field} /></label>
        <label className="text-sm">Acts as<br />
          <select name="role" defaultValue="manager" className={field}>
            <option value="manager">manager</option>
            <option value="admin">admin</option>
            <option value="caller">caller</option>
          </select>
        </label>
        <label className="text-sm">Caller (caller keys)<br />
          <select name="caller_id" defaultValue="" className={field}>
            <option value="">—</option>
            {callers.map((caller) => <option key={caller.id} value={caller.id}>{caller.name}</option>)}
          </select>
        </label>
        <label className="text-sm">Requests per minute<br /><input name="rate_limit_per_minute" type="number" min={1} max={1000000} defaultValue={600} className={`${field} w-28`} /></label>
        <button disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">Create key</button>
      </form>
      <SecretOnce state={state} what="API key" testId="api-key-once" />
    </div>
  );
}
