'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

export function CapsEditor({ caps, action }: { caps: Record<string, number>; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="max-w-md space-y-2" data-testid="caps-editor">
      <label htmlFor="caps" className="block text-sm text-slate-600">One state per line, e.g. <code>CA=20</code>. States not listed use the default cap.</label>
      <textarea id="caps" name="caps" rows={6} defaultValue={Object.entries(caps).map(([state, cap]) => `${state}=${cap}`).join('\n')} className="w-full rounded-md border border-slate-300 p-2 font-mono text-sm" />
      {state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      {state.message ? <p role="status" className="text-sm text-emerald-800">{state.message}</p> : null}
      <button disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">Save caps</button>
    </form>
  );
}
