'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

type Lead = { id: string; first_name: string | null; last_name: string | null; phone: string | null; state: string | null; status: string; created: string };

/** Fulfill / delete buttons and the leads table with return checkboxes, in one form. */
export function OrderActions({ orderId, status, leads, action, exportHref }: {
  orderId: string;
  status: string;
  leads: Lead[];
  action: FormAction;
  exportHref: string | null;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50';
  const returnable = status === 'fulfilled';
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="id" value={orderId} />
      <div className="flex flex-wrap items-center gap-2">
        {status === 'open' ? <button className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50" disabled={pending} name="command" value="fulfill">Fulfill</button> : null}
        {status !== 'deleted' ? (
          <button
            className={button}
            disabled={pending}
            name="command"
            value="delete"
            onClick={(event) => {
              if (!window.confirm('Delete this order? All of its leads go back to stock.')) event.preventDefault();
            }}
          >
            Delete
          </button>
        ) : null}
        {exportHref ? <a className={button} href={exportHref}>Export CSV</a> : null}
      </div>
      {state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      {state.message ? <p role="status" className="text-sm text-emerald-800" data-testid="order-action-result">{state.message}</p> : null}
      {leads.length === 0 ? <p className="text-sm text-slate-500">No leads allocated.</p> : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="order-leads">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>{returnable ? <th className="px-3 py-2">Return</th> : null}<th className="px-3 py-2">Name</th><th className="px-3 py-2">Phone</th><th className="px-3 py-2">State</th><th className="px-3 py-2">Received</th><th className="px-3 py-2">Status</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {leads.map((lead) => (
                <tr key={lead.id}>
                  {returnable ? <td className="px-3 py-2"><input type="checkbox" name="lead_ids" value={lead.id} aria-label={`Return ${lead.first_name ?? lead.id}`} /></td> : null}
                  <td className="px-3 py-2">{[lead.first_name, lead.last_name].filter(Boolean).join(' ') || '—'}</td>
                  <td className="px-3 py-2">{lead.phone ?? '—'}</td>
                  <td className="px-3 py-2">{lead.state ?? '—'}</td>
                  <td className="px-3 py-2">{lead.created}</td>
                  <td className="px-3 py-2">{lead.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {returnable && leads.length > 0 ? (
        <div className="flex gap-2">
          <input name="reason" placeholder="Why are they coming back?" aria-label="Return reason" className="w-80 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          <button className={button} disabled={pending} name="command" value="return">Return selected</button>
        </div>
      ) : null}
    </form>
  );
}
