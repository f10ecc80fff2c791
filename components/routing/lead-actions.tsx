'use client';

import { useActionState } from 'react';
import type { LeadActionState } from '@/app/(dashboard)/leads/[id]/actions';

type Action = (state: LeadActionState, form: FormData) => Promise<LeadActionState>;

const NEXT: Record<string, string[]> = {
  assigned: ['contacted', 'lost'],
  contacted: ['qualified', 'won', 'lost'],
  qualified: ['won', 'lost'],
};

function Feedback({ state }: { state: LeadActionState }) {
  if (state.error) return <p role="alert" className="text-sm text-rose-700">{state.error}</p>;
  if (state.message) return <p role="status" className="text-sm text-emerald-800" data-testid="lead-action-result">{state.message}</p>;
  return null;
}

export function LeadActions({ status, hasCaller, callers, routeAction, statusAction }: {
  status: string;
  hasCaller: boolean;
  callers: { id: string; name: string }[];
  routeAction: Action;
  statusAction: Action;
}) {
  const [routeState, route, routing] = useActionState(routeAction, {});
  const [statusState, setStatus, saving] = useActionState(statusAction, {});
  const canRoute = ['new', 'assigned', 'contacted'].includes(status);
  const next = NEXT[status] ?? [];
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50';
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {canRoute ? (
        <form action={route} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold text-slate-700">Assignment</h2>
          <div className="flex flex-wrap gap-2">
            <select name="caller_id" aria-label="Caller" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm" defaultValue="">
              <option value="">By the routing rules</option>
              {callers.map((caller) => <option key={caller.id} value={caller.id}>{caller.name}</option>)}
            </select>
            <button className={button} disabled={routing} name="command" value="assign">{hasCaller ? 'Reassign' : 'Assign'}</button>
            {hasCaller ? <button className={button} disabled={routing} name="command" value="unassign">Back to stock</button> : null}
          </div>
          <Feedback state={routeState} />
        </form>
      ) : null}
      {next.length > 0 ? (
        <form action={setStatus} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold text-slate-700">Progress</h2>
          <textarea name="note" rows={2} placeholder="Note (optional)" aria-label="Note" className="w-full rounded-md border border-slate-300 p-2 text-sm" />
          <div className="flex gap-2">
            {next.map((target) => (
              <button key={target} className={button} disabled={saving} name="status" value={target}>Mark {target}</button>
            ))}
          </div>
          <Feedback state={statusState} />
        </form>
      ) : null}
    </div>
  );
}
