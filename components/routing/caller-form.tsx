'use client';

import { useActionState, useState } from 'react';
import { EditConflict } from '@/components/edit-conflict';
import type { FormAction } from '@/lib/api/action-state';
import { callerChanges, callerFormValues, type CallerFormValues } from '@/lib/routing/caller-form-values';
import { DAYS } from '@/lib/routing/caller-schema';

export type { CallerFormValues } from '@/lib/routing/caller-form-values';

const input = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5';

/**
 * Creates a caller, or edits one. An edit sends the version it was opened at; when someone else
 * saved the caller meanwhile, the save is refused and the form shows the current version (what
 * changed, and every field as it is now) to review and save again.
 */
export function CallerForm({ action, callerId, values, states, lines, timeZone }: {
  action: FormAction;
  /** The caller being edited; none when creating one. */
  callerId?: string;
  values: CallerFormValues;
  states: { code: string; name: string }[];
  lines: { code: string; name: string }[];
  /** The app's time zone, in which `away_until` is shown and meant. */
  timeZone: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  // The version this form started from: kept, not followed, if the page re-renders with newer data.
  const [opened] = useState(values);
  const current = state.current ? callerFormValues(state.current, timeZone) : null;
  const shown = current ?? opened;
  return (
    <form action={formAction} className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="caller-form">
      {callerId ? <input type="hidden" name="id" value={callerId} /> : null}
      {callerId && shown.version !== undefined ? <input type="hidden" name="version" value={shown.version} /> : null}
      {/* A new version remounts the fields, so that they show its values. */}
      <div key={shown.version ?? 'new'} className="space-y-4">
        <div className="grid grid-cols-2 gap-4">
          <label className="text-sm"><span className="font-medium">Name</span><input name="name" required defaultValue={shown.name} className={input} /></label>
          <label className="text-sm"><span className="font-medium">Email</span><input name="email" type="email" defaultValue={shown.email ?? ''} className={input} /></label>
          <label className="text-sm"><span className="font-medium">Daily lead limit</span><input name="daily_lead_limit" type="number" min={0} required defaultValue={shown.daily_lead_limit} className={input} /></label>
          <label className="text-sm"><span className="font-medium">Hourly lead limit</span><input name="hourly_lead_limit" type="number" min={0} placeholder="none" defaultValue={shown.hourly_lead_limit ?? ''} className={input} /></label>
          <label className="text-sm"><span className="font-medium">Max open leads</span><input name="max_open_leads" type="number" min={0} placeholder="none" defaultValue={shown.max_open_leads ?? ''} className={input} /></label>
          <label className="text-sm"><span className="font-medium">Languages</span><input name="languages" placeholder="en, es" defaultValue={shown.languages.join(', ')} className={input} /></label>
          <label className="text-sm">
            <span className="font-medium">Business line</span>
            <select name="business_line" defaultValue={shown.business_line ?? ''} className={input}>
              <option value="">Any line</option>
              {lines.map((line) => <option key={line.code} value={line.code}>{line.name}</option>)}
            </select>
          </label>
          <label className="text-sm"><span className="font-medium">Away until</span><input name="away_until" type="datetime-local" defaultValue={shown.away_until_local} className={input} /></label>
          <label className="col-span-2 text-sm">
            <span className="font-medium">States (none selected = global pool; Ctrl/Cmd-click for several)</span>
            <select name="assigned_states" multiple size={8} defaultValue={shown.assigned_states} className={input} aria-label="States">
              {states.map((s) => <option key={s.code} value={s.code}>{s.code} — {s.name}</option>)}
            </select>
          </label>
        </div>
        <fieldset className="text-sm">
          <legend className="font-medium">Working hours (New York time)</legend>
          <label className="mt-1 flex items-center gap-2"><input type="checkbox" name="always_available" defaultChecked={shown.working_hours === null} /> Always available</label>
          <div className="mt-2 grid grid-cols-7 gap-2">
            {DAYS.map((day) => {
              const span = shown.working_hours?.[day]?.[0];
              return (
                <div key={day} className="space-y-1">
                  <div className="text-xs uppercase text-slate-500">{day}</div>
                  <input type="time" name={`${day}_from`} aria-label={`${day} from`} defaultValue={span?.[0] ?? ''} className="w-full rounded border border-slate-300 px-1 text-xs" />
                  <input type="time" name={`${day}_to`} aria-label={`${day} to`} defaultValue={span?.[1] ?? ''} className="w-full rounded border border-slate-300 px-1 text-xs" />
                </div>
              );
            })}
          </div>
        </fieldset>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="active" defaultChecked={shown.active} /> Active (takes new leads)</label>
      </div>
      {current ? (
        <EditConflict what="This caller was" version={current.version} changes={callerChanges(opened, current)} />
      ) : state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm text-white disabled:opacity-50">{pending ? 'Saving…' : 'Save caller'}</button>
    </form>
  );
}
