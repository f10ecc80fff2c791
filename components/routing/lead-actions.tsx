'use client';

import { useActionState } from 'react';
import type { ActionState, FormAction } from '@/lib/api/action-state';
import type { LeadNextSteps } from '@/lib/leads/lead-next-steps';

function Feedback({ state }: { state: ActionState }) {
  if (state.error) return <p role="alert" className="text-sm text-rose-700">{state.error}</p>;
  if (state.message) return <p role="status" className="text-sm text-emerald-800" data-testid="lead-action-result">{state.message}</p>;
  return null;
}

export function LeadActions({ leadId, steps, hasCaller, callers, routeAction, statusAction }: {
  leadId: string;
  /** From the database's rules (lead_next_steps): what this lead can go to now. */
  steps: LeadNextSteps;
  hasCaller: boolean;
  callers: { id: string; name: string }[];
  routeAction: FormAction;
  statusAction: FormAction;
}) {
  const [routeState, route, routing] = useActionState(routeAction, {});
  const [statusState, setStatus, saving] = useActionState(statusAction, {});
  const canRoute = steps.can_assign;
  const next = steps.statuses;
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50';
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {canRoute ? (
        <form action={route} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <input type="hidden" name="id" value={leadId} />
          <h2 className="text-sm font-semibold text-slate-700">Assignment</h2>
          <div className="flex flex-wrap gap-2">
            <select name="caller_id" aria-label="Caller" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm" defaultValue="">
              <option value="">By the routing rules</option>
              {callers.map((caller) => <option key={caller.id} value={caller.id}>{caller.name}</option>)}
            </select>
            <button className={button} disabled={routing} name="command" value="assign">{hasCaller ? 'Reassign' : 'Assign'}</button>
            {steps.can_unassign ? <button className={button} disabled={routing} name="command" value="unassign">Back to stock</button> : null}
          </div>
          <Feedback state={routeState} />
        </form>
      ) : null}
      {next.length > 0 ? (
        <form action={setStatus} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <input type="hidden" name="id" value={leadId} />
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
