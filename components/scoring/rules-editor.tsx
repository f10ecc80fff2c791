'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { EditConflict } from '@/components/edit-conflict';

export interface RuleDraft {
  event_type: string;
  points: number;
  max_per_lead: number | null;
  window_days: number | null;
  active: boolean;
}

interface Preview {
  leads: number;
  changed: number;
  distribution: { bucket: string; current: number; draft: number }[];
  movers: { lead_id: string; name: string; current: number; draft: number; delta: number }[];
}

/** The rules as they are now, which a save refused as stale answers with (409 `current`). */
interface CurrentRules {
  version: number;
  rules: (RuleDraft & { version?: number })[];
}

/** A request that failed, with the error body the API answered. */
class RequestFailed extends Error {
  constructor(readonly body: { error?: string; message?: string; current?: unknown }) {
    super(body.message ?? (body as { details?: { message: string }[] }).details?.[0]?.message ?? body.error);
  }
}

async function send(url: string, method: string, body?: unknown) {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new RequestFailed(json);
  return json;
}

const draftOf = ({ event_type, points, max_per_lead, window_days, active }: RuleDraft): RuleDraft => ({ event_type, points, max_per_lead, window_days, active });

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/**
 * Edit the rules, preview their effect, save them as a new version, and re-score everything. A
 * save carries the version the editor started from: when someone else saved rules since, it is
 * refused, the draft stays, and the editor shows the current rules to load or to save over.
 */
export function RulesEditor({ initial, version }: { initial: RuleDraft[]; version: number }) {
  const router = useRouter();
  const [rules, setRules] = useState(initial);
  // The version the draft started from. Not the prop: the page re-renders every few seconds
  // (the leaderboard) and may bring a newer version than the draft was made from.
  const [baseVersion, setBaseVersion] = useState(version);
  const [conflict, setConflict] = useState<CurrentRules | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ processed: number; total: number; changed: number } | null>(null);

  const update = (index: number, patch: Partial<RuleDraft>) => setRules(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      if (failure instanceof RequestFailed && failure.body.error === 'conflict' && failure.body.current) {
        setConflict(failure.body.current as CurrentRules);
        setMessage(null);
      } else {
        setError(failure instanceof Error ? failure.message : String(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  /** Saves the draft as the version after `expected`; a conflict shows the current rules instead. */
  const save = (expected: number) => run(async () => {
    const saved = await send('/api/scoring/rules', 'PUT', { rules, version: expected });
    setBaseVersion(saved.version);
    setConflict(null);
    setMessage(`Saved as version ${saved.version}. Re-score to apply it to existing leads.`);
    router.refresh();
  });

  const loadCurrent = (current: CurrentRules) => {
    setRules(current.rules.map(draftOf));
    setBaseVersion(current.version);
    setConflict(null);
    setPreview(null);
  };

  const rescore = () => run(async () => {
    let job = await send('/api/scoring/recompute', 'POST');
    setProgress({ processed: 0, total: job.total, changed: 0 });
    while (!job.finished_at) {
      job = await send(`/api/scoring/recompute/${job.id}`, 'POST');
      setProgress({ processed: job.processed, total: job.total, changed: job.changed });
    }
    setMessage(`Re-scored ${job.processed} leads under version ${job.rules_version}: ${job.changed} changed.`);
    router.refresh();
  });

  const cell = 'w-20 rounded border border-slate-300 px-2 py-1 text-sm';
  return (
    <div className="space-y-4" data-testid="rules-editor">
      <p className="text-sm text-slate-500">
        Rules version {baseVersion}. Saving makes a new version; re-score to apply it to every lead&apos;s history.
        {version > baseVersion && !conflict ? ` Version ${version} has been saved since you opened this page.` : ''}
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="px-3 py-2">Event</th><th className="px-3 py-2">Points</th><th className="px-3 py-2">Max per lead</th><th className="px-3 py-2">Window (days)</th><th className="px-3 py-2">Active</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((rule, i) => (
              <tr key={i} className="border-t border-slate-100">
                <td className="px-3 py-1"><input aria-label={`Event type ${i + 1}`} className="w-44 rounded border border-slate-300 px-2 py-1 text-sm" value={rule.event_type} onChange={(e) => update(i, { event_type: e.target.value })} /></td>
                <td className="px-3 py-1"><input aria-label={`Points for ${rule.event_type}`} type="number" className={cell} value={rule.points} onChange={(e) => update(i, { points: Number(e.target.value) })} /></td>
                <td className="px-3 py-1"><input aria-label={`Max per lead for ${rule.event_type}`} type="number" min={1} className={cell} value={rule.max_per_lead ?? ''} onChange={(e) => update(i, { max_per_lead: numberOrNull(e.target.value) })} /></td>
                <td className="px-3 py-1"><input aria-label={`Window for ${rule.event_type}`} type="number" min={1} className={cell} value={rule.window_days ?? ''} onChange={(e) => update(i, { window_days: numberOrNull(e.target.value) })} /></td>
                <td className="px-3 py-1"><input aria-label={`Active ${rule.event_type}`} type="checkbox" checked={rule.active} onChange={(e) => update(i, { active: e.target.checked })} /></td>
                <td className="px-3 py-1"><button type="button" className="text-xs text-rose-700 hover:underline" onClick={() => setRules(rules.filter((_, j) => j !== i))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100" onClick={() => setRules([...rules, { event_type: '', points: 0, max_per_lead: null, window_days: null, active: true }])}>Add rule</button>
        <button type="button" disabled={busy} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50" onClick={() => run(async () => setPreview(await send('/api/scoring/preview', 'POST', rules)))}>Preview (what-if)</button>
        <button type="button" disabled={busy} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50" onClick={() => void save(baseVersion)}>Save rules</button>
        <button type="button" disabled={busy} className="rounded-md border border-emerald-600 bg-white px-3 py-1.5 text-sm text-emerald-800 hover:bg-emerald-50 disabled:opacity-50" onClick={() => void rescore()}>Re-score all leads</button>
      </div>
      {conflict ? (
        <EditConflict
          what="The rules were"
          version={conflict.version}
          note="Your rules were not saved; they are still in the table above. Load the current version and redo your changes, or save yours over it."
        >
          <table className="text-sm" data-testid="current-rules">
            <thead><tr className="text-left text-xs"><th className="pr-4">Event</th><th className="pr-4">Points</th><th className="pr-4">Max per lead</th><th className="pr-4">Window (days)</th><th>Active</th></tr></thead>
            <tbody>
              {conflict.rules.map((rule) => (
                <tr key={rule.event_type}>
                  <td className="pr-4 font-mono text-xs">{rule.event_type}</td>
                  <td className="pr-4 tabular-nums">{rule.points}</td>
                  <td className="pr-4 tabular-nums">{rule.max_per_lead ?? '—'}</td>
                  <td className="pr-4 tabular-nums">{rule.window_days ?? '—'}</td>
                  <td>{rule.active ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="flex flex-wrap gap-2">
            <button type="button" disabled={busy} className="rounded-md border border-amber-400 bg-white px-3 py-1.5 text-sm hover:bg-amber-100 disabled:opacity-50" onClick={() => loadCurrent(conflict)}>Load the current version</button>
            <button type="button" disabled={busy} className="rounded-md border border-amber-400 bg-white px-3 py-1.5 text-sm hover:bg-amber-100 disabled:opacity-50" onClick={() => void save(conflict.version)}>Save mine over it</button>
          </div>
        </EditConflict>
      ) : null}
      {error ? <p role="alert" className="text-sm text-rose-700">{error}</p> : null}
      {message ? <p role="status" className="text-sm text-emerald-800" data-testid="scoring-message">{message}</p> : null}
      {progress ? (
        <div data-testid="rescore-progress">
          <div className="mb-1 text-sm">{progress.processed} / {progress.total} leads · {progress.changed} changed</div>
          <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={progress.processed} aria-valuemax={progress.total}>
            <div className="h-full bg-emerald-500" style={{ width: `${progress.total ? (100 * progress.processed) / progress.total : 100}%` }} />
          </div>
        </div>
      ) : null}
      {preview ? (
        <div className="grid gap-4 rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm lg:grid-cols-2" data-testid="preview">
          <div>
            <h3 className="mb-1 font-semibold">Score distribution ({preview.changed} of {preview.leads} leads would change)</h3>
            <table><thead><tr className="text-left text-xs text-slate-500"><th className="pr-4">Score</th><th className="pr-4">Now</th><th>Draft</th></tr></thead>
              <tbody>{preview.distribution.map((d) => <tr key={d.bucket}><td className="pr-4">{d.bucket}</td><td className="pr-4 tabular-nums">{d.current}</td><td className="tabular-nums">{d.draft}</td></tr>)}</tbody></table>
          </div>
          <div>
            <h3 className="mb-1 font-semibold">Biggest movers</h3>
            {preview.movers.length === 0 ? <p>Nobody moves.</p> : (
              <ul>{preview.movers.slice(0, 10).map((m) => <li key={m.lead_id}><a className="text-sky-700 hover:underline" href={`/leads/${m.lead_id}`}>{m.name || 'Unnamed'}</a>: {m.current} → {m.draft} ({m.delta > 0 ? '+' : ''}{m.delta})</li>)}</ul>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}
