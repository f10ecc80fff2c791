'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

export function RevokeKeyButton({ id, name, action }: { id: string; name: string; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction}>
      <input type="hidden" name="id" value={id} />
      <button disabled={pending} aria-label={`Revoke ${name}`} className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50">Revoke</button>
      {state.error ? <p role="alert" className="text-xs text-rose-700">{state.error}</p> : null}
    </form>
  );
}
