'use client';

import { useActionState, useState } from 'react';
import { EditConflict } from '@/components/edit-conflict';
import type { FormAction } from '@/lib/api/action-state';
import { settingValueToText } from '@/lib/settings/forms';

/**
 * One setting's value, edited in place; the database checks it and says what is wrong. The save
 * carries the version the editor was opened at: when someone else changed the setting since,
 * it is refused and the editor shows the current value to review and save again.
 */
export function SettingEditor({ settingKey, value, version, action }: {
  settingKey: string;
  value: string;
  version: number;
  action: FormAction<{ version: number }>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  // Kept, not followed, when the page re-renders with newer data: a save must carry the version
  // of the value the person was looking at. Moved on by this editor's own saves and conflicts.
  const [opened] = useState(version);
  const current = state.current as { value: unknown; version: number } | undefined;
  const shownVersion = current?.version ?? state.result?.version ?? opened;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2" data-testid={`setting-${settingKey}`}>
      <input type="hidden" name="key" value={settingKey} />
      <input type="hidden" name="version" value={shownVersion} />
      <input
        key={shownVersion}
        name="value"
        defaultValue={current ? settingValueToText(current.value) : value}
        aria-label={`Value of ${settingKey}`}
        className="w-48 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
      />
      <button disabled={pending} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50">
        Save
      </button>
      {current ? (
        <EditConflict what={`${settingKey} was`} version={current.version}>
          <p>Current value: <code>{settingValueToText(current.value)}</code></p>
        </EditConflict>
      ) : state.error ? <p role="alert" className="w-full text-xs text-rose-700">{state.error}</p> : null}
      {state.message ? <p role="status" className="w-full text-xs text-emerald-800">{state.message}</p> : null}
    </form>
  );
}
