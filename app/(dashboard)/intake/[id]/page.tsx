import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ReplayForm } from '@/components/intake/replay-form';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { getIntake } from '@/lib/intake/get-intake';
import { timeFormatter } from '@/lib/time/app-time';
import { replayIntakeAction } from './actions';

export const metadata = { title: 'Intake request' };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

export default async function IntakeDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const showTime = await timeFormatter();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const intake = await getIntake(await pageViewer(STAFF), id);
  if (!intake) notFound();
  const repaired = intake.replays.some((replay) => replay.outcome === 'created' || replay.outcome === 'duplicate');
  const repairable = (intake.outcome === 'rejected' || intake.outcome === 'failed') && !repaired;
  const draft = JSON.stringify(intake.payload ?? {}, null, 2);
  return (
    <>
      <PageHeader title="Intake request" description={`Received ${showTime(intake.received_at)}`} actions={<StatusBadge status={intake.outcome} />} />
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-4">
        <Field label="Source">{intake.source_name ?? '—'}</Field>
        <Field label="Request id"><code className="text-xs">{intake.request_id}</code></Field>
        <Field label="Idempotency key">{intake.idempotency_key ?? '—'}</Field>
        <Field label="Content type">{intake.content_type ?? '—'}</Field>
        <Field label="Lead">{intake.lead_id ? <Link className="text-sky-700 hover:underline" href={`/leads?q=${intake.lead_id}`}>{intake.lead_id}</Link> : '—'}</Field>
        <Field label="Duplicate of">{intake.duplicate_reason ? `existing lead (${intake.duplicate_reason})` : '—'}</Field>
        <Field label="Replay of">{intake.replay_of ? <Link className="text-sky-700 hover:underline" href={`/intake/${intake.replay_of}`}>original request</Link> : '—'}</Field>
        <Field label="Error"><span className="text-rose-700" data-testid="intake-error">{intake.error ?? '—'}</span></Field>
      </dl>

      <h2 className="mb-2 mt-6 text-sm font-semibold text-slate-700">Raw body</h2>
      <pre className="max-h-96 overflow-auto rounded-lg border border-slate-200 bg-slate-900 p-4 text-xs text-slate-100" data-testid="raw-body">{intake.raw_body || '(empty)'}</pre>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <div>
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Parsed payload</h2>
          <pre className="max-h-72 overflow-auto rounded-lg border border-slate-200 bg-white p-4 text-xs">{intake.payload === null ? '(could not be parsed)' : JSON.stringify(intake.payload, null, 2)}</pre>
        </div>
        <div>
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Headers</h2>
          <pre className="max-h-72 overflow-auto rounded-lg border border-slate-200 bg-white p-4 text-xs">{JSON.stringify(intake.headers, null, 2)}</pre>
        </div>
      </div>

      {intake.replays.length > 0 ? (
        <section className="mt-6">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Replays</h2>
          <ul className="space-y-1 text-sm">
            {intake.replays.map((replay) => (
              <li key={replay.id} className="flex items-center gap-2">
                <StatusBadge status={replay.outcome} />
                <Link className="text-sky-700 hover:underline" href={`/intake/${replay.id}`}>{showTime(replay.received_at)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {repairable ? (
        <section className="mt-6 rounded-lg border border-amber-200 bg-amber-50 p-4">
          <h2 className="mb-1 text-sm font-semibold text-amber-900">Repair and replay</h2>
          <p className="mb-3 text-sm text-amber-900">Fix the payload and submit it: it goes through the same intake path, linked to this request.</p>
          <ReplayForm action={replayIntakeAction} intakeId={intake.id} initialPayload={intake.payload === null ? intake.raw_body : draft} />
        </section>
      ) : null}
    </>
  );
}
