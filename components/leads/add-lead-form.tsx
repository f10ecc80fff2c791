'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';
import type { IngestResult } from '@/lib/intake/ingest-lead';

const FIELDS = [
  ['first_name', 'First name', 'text'], ['last_name', 'Last name', 'text'], ['email', 'Email', 'email'],
  ['phone', 'Phone', 'tel'], ['state', 'State (code or name)', 'text'], ['zip', 'ZIP', 'text'],
  ['city', 'City', 'text'], ['business_line', 'Business line', 'text'], ['language', 'Language', 'text'],
  ['external_id', 'External id', 'text'],
] as const;

export function AddLeadForm({ action }: { action: FormAction<IngestResult> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const result = state.result;
  return (
    <form action={formAction} className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="add-lead-form">
      <div className="grid grid-cols-2 gap-4">
        {FIELDS.map(([name, label, type]) => (
          <label key={name} className="block text-sm">
            <span className="font-medium text-slate-700">{label}</span>
            <input name={name} type={type} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5" />
          </label>
        ))}
      </div>
      {state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      {result ? (
        <p role="status" className="rounded-md bg-slate-100 p-3 text-sm" data-testid="add-lead-result">
          {result.outcome === 'created' && <>Lead created and put in stock.</>}
          {result.outcome === 'duplicate' && <>Not added: duplicate of an existing lead ({result.reason}).</>}
          {result.outcome === 'failed' && <>The lead could not be created; the request was kept for repair.</>}{' '}
          <Link className="text-sky-700 hover:underline" href={`/intake/${result.intake_id}`}>See the intake record</Link>
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm text-white disabled:opacity-50">
        {pending ? 'Adding…' : 'Add lead'}
      </button>
    </form>
  );
}
