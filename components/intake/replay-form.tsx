'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

export function ReplayForm({ action, intakeId, initialPayload }: {
  action: FormAction;
  intakeId: string;
  initialPayload: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-2" data-testid="replay-form">
      <input type="hidden" name="id" value={intakeId} />
      <label htmlFor="payload" className="block text-sm font-medium text-slate-700">Corrected payload (JSON object)</label>
      <textarea
        id="payload"
        name="payload"
        rows={10}
        defaultValue={initialPayload}
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs"
      />
      {state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">
        {pending ? 'Replaying…' : 'Replay'}
      </button>
    </form>
  );
}
