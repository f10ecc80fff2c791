'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

/** A member's row buttons: deactivate / activate, and role changes for staff. */
export function MemberCommands({ userId, role, active, action }: { userId: string; role: string; active: boolean; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, {});
  const commands = [
    active ? ['deactivate', 'Deactivate'] : ['activate', 'Activate'],
    ...(role === 'manager' ? [['make_admin', 'Make admin']] : role === 'admin' ? [['make_manager', 'Make manager']] : []),
  ];
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-1">
      <input type="hidden" name="user_id" value={userId} />
      {commands.map(([command, label]) => (
        <button key={command} name="command" value={command} disabled={pending}
          className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50">
          {label}
        </button>
      ))}
      {state.error ? <p role="alert" className="w-full text-xs text-rose-700">{state.error}</p> : null}
    </form>
  );
}
