'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

/** One setting's value, edited in place; the database checks it and says what is wrong. */
export function SettingEditor({ settingKey, value, action }: { settingKey: string; value: string; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2" data-testid={`setting-${settingKey}`}>
      <input type="hidden" name="key" value={settingKey} />
      <input
        name="value"
        defaultValue={value}
        aria-label={`Value of ${settingKey}`}
        className="w-48 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
      />
      <button disabled={pending} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50">
        Save
      </button>
      {state.error ? <p role="alert" className="w-full text-xs text-rose-700">{state.error}</p> : null}
      {state.message ? <p role="status" className="w-full text-xs text-emerald-800">{state.message}</p> : null}
    </form>
  );
}
