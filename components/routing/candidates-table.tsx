import type { Candidate } from '@/lib/leads/get-lead';

/** The callers routing considered for a lead, and for each one ruled out, why. */
export function CandidatesTable({ candidates }: { candidates: Candidate[] }) {
  if (candidates.length === 0) return <p className="text-sm text-slate-500">There are no callers.</p>;
  return (
    <table className="mt-2 min-w-full text-sm" data-testid="candidates">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="py-1 pr-4">Caller</th><th className="py-1 pr-4">Tier</th><th className="py-1 pr-4">Today</th><th className="py-1">Verdict</th></tr>
      </thead>
      <tbody>
        {candidates.map((c) => (
          <tr key={c.caller_id} className="border-t border-slate-100">
            <td className="py-1 pr-4">{c.name}</td>
            <td className="py-1 pr-4">{c.tier ?? '—'}</td>
            <td className="py-1 pr-4 tabular-nums">{c.assigned_today}/{c.daily_limit}</td>
            <td className={`py-1 ${c.ruled_out_code ? 'text-rose-700' : 'text-emerald-700'}`}>{c.ruled_out ?? 'eligible'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
