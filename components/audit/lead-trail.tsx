import type { AuditRow } from '@/lib/audit/list-audit';
import { ActorCell } from './actor-cell';
import { ChangesCell } from './changes-cell';

/** A lead's audit rows on its page, newest first: when, who, and what changed. */
export function LeadTrail({ rows, showTime }: { rows: AuditRow[]; showTime: (value: Date) => string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">No recorded changes.</p>;
  return (
    <ol className="space-y-2" data-testid="lead-trail">
      {rows.map((row) => (
        <li key={row.id} className="flex gap-4 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
          <div className="w-48 shrink-0">
            <div className="text-slate-500">{showTime(row.at)}</div>
            <div className="font-medium">{row.action}</div>
          </div>
          <div className="w-56 shrink-0"><ActorCell row={row} /></div>
          <div className="min-w-0 flex-1"><ChangesCell row={row} /></div>
        </li>
      ))}
    </ol>
  );
}
