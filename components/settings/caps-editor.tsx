'use client';

import { useActionState, useState } from 'react';
import { EditConflict } from '@/components/edit-conflict';
import type { FormAction } from '@/lib/api/action-state';

const capsText = (caps: Record<string, unknown>) =>
  Object.entries(caps).filter(([state]) => state !== 'version').sort(([a], [b]) => a.localeCompare(b)).map(([state, cap]) => `${state}=${cap}`).join('\n');

/**
 * The global state caps as one list. The save carries the version the list was opened at: when
 * someone else changed the caps since, it is refused and the editor shows the current list.
 */
export function CapsEditor({ caps, version, action }: { caps: Record<string, number>; version: number; action: FormAction<{ version: number }> }) {
  const [state, formAction, pending] = useActionState(action, {});
  // Kept, not followed, when the page re-renders with newer caps; moved on by this editor's own saves and conflicts.
  const [opened] = useState(version);
  // The current caps a refused save carries: {"CA":20,…,"version":n}.
  const current = state.current as (Record<string, unknown> & { version: number }) | undefined;
  const shownVersion = current?.version ?? state.result?.version ?? opened;
  return (
    <form action={formAction} className="max-w-md space-y-2" data-testid="caps-editor">
      <input type="hidden" name="version" value={shownVersion} />
      <label htmlFor="caps" className="block text-sm text-slate-600">One state per line, e.g. <code>CA=20</code>. States not listed use the default cap.</label>
      <textarea key={shownVersion} id="caps" name="caps" rows={6} defaultValue={capsText(current ?? caps)} className="w-full rounded-md border border-slate-300 p-2 font-mono text-sm" />
      {current ? (
        <EditConflict what="The state caps were" version={current.version} />
      ) : state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      {state.message ? <p role="status" className="text-sm text-emerald-800">{state.message}</p> : null}
      <button disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">Save caps</button>
    </form>
  );
}
