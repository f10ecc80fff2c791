import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { LeadTrail } from '@/components/audit/lead-trail';
import { PageHeader } from '@/components/page-header';
import { CandidatesTable } from '@/components/routing/candidates-table';
import { ScoreChart } from '@/components/scoring/score-chart';
import { LeadActions } from '@/components/routing/lead-actions';
import { StatusBadge } from '@/components/status-badge';
import { leadTrail } from '@/lib/audit/list-audit';
import { pageViewer } from '@/lib/auth/page-viewer';
import { getLead } from '@/lib/leads/get-lead';
import { listCallers } from '@/lib/routing/list-callers';
import { scoreHistory } from '@/lib/scoring/scoring';
import { timeFormatter } from '@/lib/time/app-time';
import { leadStatusAction, routeLeadAction } from './actions';

export const metadata = { title: 'Lead' };

const FIELDS = ['email', 'phone', 'phone_e164', 'state', 'zip', 'city', 'country', 'business_line', 'language', 'external_id', 'document_type', 'document_number'] as const;

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const showTime = await timeFormatter();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const viewer = await pageViewer();
  const [detail, callers, scores, trail] = await Promise.all([getLead(viewer, id), listCallers(viewer), scoreHistory(viewer, id), leadTrail(viewer, id)]);
  if (!detail) notFound();
  const { lead, assignments, statusHistory, candidatesNow } = detail;
  const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ') || 'Unnamed lead';
  const lastStock = lead.status === 'new' ? assignments.find((a) => a.reason === 'stock') : undefined;
  return (
    <>
      <PageHeader
        title={name}
        description={`Received ${showTime(lead.created_at)}${lead.caller_name ? ` · with ${lead.caller_name}` : ''}`}
        actions={<span data-testid="lead-status"><StatusBadge status={lead.status} /></span>}
      />
      <dl className="mb-6 grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm lg:grid-cols-5">
        {FIELDS.map((field) => (
          <div key={field}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{field.replace(/_/g, ' ')}</dt>
            <dd>{lead[field] === null || lead[field] === undefined ? '—' : String(lead[field])}</dd>
          </div>
        ))}
        <div className="col-span-2 lg:col-span-5">
          <dt className="text-xs uppercase tracking-wide text-slate-500">metadata</dt>
          <dd><code className="text-xs">{JSON.stringify(lead.metadata)}</code></dd>
        </div>
      </dl>

      <LeadActions
        leadId={lead.id}
        steps={detail.nextSteps}
        hasCaller={Boolean(lead.assigned_caller_id)}
        callers={callers.filter((caller) => caller.active).map(({ id: callerId, name: callerName }) => ({ id: callerId, name: callerName }))}
        routeAction={routeLeadAction}
        statusAction={leadStatusAction}
      />

      {lead.status === 'new' ? (
        <section className="mt-6" data-testid="why-in-stock">
          <h2 className="mb-1 text-sm font-semibold text-slate-700">Why it is in stock</h2>
          <p className="mb-2 text-sm text-slate-500">
            {lastStock ? `Last routed ${showTime(lastStock.assigned_at)}: nobody was eligible.` : 'Not routed yet.'} As routing sees the callers now:
          </p>
          <CandidatesTable candidates={candidatesNow} />
        </section>
      ) : null}

      <section className="mt-6">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Routing history</h2>
        {assignments.length === 0 ? <p className="text-sm text-slate-500">No routing decisions yet.</p> : (
          <ol className="space-y-3" data-testid="routing-trace">
            {assignments.map((a) => (
              <li key={a.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={a.reason} />
                  <span className="font-medium">{a.caller_name ?? 'stayed in stock'}</span>
                  <span className="text-slate-500">{showTime(a.assigned_at)} by {a.actor}</span>
                  {a.ended_at && a.caller_name ? <span className="text-slate-500">· ended {showTime(a.ended_at)} ({a.end_reason})</span> : null}
                </div>
                {a.candidates.length > 0 ? <details className="mt-2"><summary className="cursor-pointer text-slate-600">Candidates considered ({a.candidates.length})</summary><CandidatesTable candidates={a.candidates} /></details> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="mt-6">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Score <span data-testid="lead-score" className="ml-1 text-slate-900">{String(lead.score)}</span></h2>
        <ScoreChart points={[{ at: lead.created_at, score: scores[0]?.score_before ?? 0 }, ...scores.map((h) => ({ at: h.changed_at, score: h.score_after }))]} />
        {scores.length === 0 ? <p className="text-sm text-slate-500">No score changes yet.</p> : (
          <ul className="mt-2 space-y-1 text-sm" data-testid="score-history">
            {[...scores].reverse().map((h, i) => (
              <li key={i}>
                {showTime(h.changed_at)} · {h.cause === 'event' ? (h.event_type ?? h.event_id) : `re-scored under rules v${h.rules_version}`}:{' '}
                <span className={h.points >= 0 ? 'text-emerald-700' : 'text-rose-700'}>{h.points >= 0 ? '+' : ''}{h.points}</span> ({h.score_before} → {h.score_after})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="mt-6">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Status history</h2>
        {statusHistory.length === 0 ? <p className="text-sm text-slate-500">No status changes yet.</p> : (
          <ul className="space-y-1 text-sm" data-testid="status-history">
            {statusHistory.map((h, i) => (
              <li key={i}>{showTime(h.changed_at)} · {h.from_status} → <strong>{h.to_status}</strong> by {h.actor}{h.note ? ` — “${h.note}”` : ''}</li>
            ))}
          </ul>
        )}
      </section>
      {/* The audit log is for staff: RLS gives a caller none of it. */}
      {viewer.role === 'caller' ? null : (
        <section className="mt-6">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Trail</h2>
          <LeadTrail rows={trail} showTime={showTime} />
        </section>
      )}
      <p className="mt-6 text-sm"><Link className="text-sky-700 hover:underline" href="/leads">← All leads</Link></p>
    </>
  );
}
