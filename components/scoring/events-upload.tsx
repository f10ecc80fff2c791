'use client';

import Papa from 'papaparse';
import { useState } from 'react';
import type { ItemResult } from '@/lib/api/batch';
import { EVENTS_UPLOAD_CHUNK, type EventAnswer } from '@/lib/scoring/event-schema';

/** A row of the results file the user downloads. */
interface RowResult {
  row: number;
  outcome: 'recorded' | 'duplicate' | 'unknown_lead' | 'invalid' | 'failed';
  detail: string;
}

function rowResult(row: number, result: ItemResult<EventAnswer>): RowResult {
  if (result.ok) {
    return result.deduplicated ? { row, outcome: 'duplicate', detail: '' } : { row, outcome: 'recorded', detail: `score ${result.score}` };
  }
  const detail = result.details?.[0]?.message ?? result.message ?? result.error;
  if (result.error === 'not_found') return { row, outcome: 'unknown_lead', detail };
  // Our failure or the database's, not the row's: uploading the file again is safe.
  if (result.error === 'internal_error' || result.error === 'unavailable') return { row, outcome: 'failed', detail };
  return { row, outcome: 'invalid', detail };
}

/** CSV of events (lead_id or email/phone, type, occurred_at, event_id) → recorded in chunks. */
export function EventsUpload() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<RowResult[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File | undefined) {
    if (!file) return;
    setError(null);
    setResults([]);
    const parsed = Papa.parse<Record<string, string>>(await file.text(), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
    const rows = parsed.data.map((cells, i) => {
      const event: Record<string, unknown> = { event_id: cells.event_id || `${file.name}:${i + 1}:${cells.type ?? ''}`, type: cells.type };
      for (const key of ['lead_id', 'lead_external_id', 'email', 'phone', 'occurred_at'] as const) if (cells[key]) event[key] = cells[key];
      return { row: i + 1, event };
    });
    setProgress({ done: 0, total: rows.length });
    const all: RowResult[] = [];
    try {
      for (let start = 0; start < rows.length; start += EVENTS_UPLOAD_CHUNK) {
        const chunk = rows.slice(start, start + EVENTS_UPLOAD_CHUNK);
        const response = await fetch('/api/scoring/events', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(chunk.map(({ event }) => event)) });
        const body = await response.json();
        if (!response.ok) throw new Error(body.message ?? body.error);
        all.push(...(body.results as ItemResult<EventAnswer>[]).map((result) => rowResult(chunk[result.index]!.row, result)));
        setProgress({ done: all.length, total: rows.length });
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
    setResults(all);
  }

  function download() {
    const url = URL.createObjectURL(new Blob([Papa.unparse(results)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'events-results.csv';
    link.click();
    URL.revokeObjectURL(url);
  }

  const count = (outcome: RowResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return (
    <div className="space-y-2 text-sm" data-testid="events-upload">
      <p className="text-slate-500">Columns: <code>lead_id</code> (or <code>email</code> / <code>phone</code> / <code>lead_external_id</code>), <code>type</code>, optional <code>occurred_at</code> and <code>event_id</code> (without one, re-uploading the same file counts nothing twice).</p>
      <input type="file" accept=".csv,text/csv" data-testid="events-file" onChange={(e) => void upload(e.target.files?.[0])} />
      {progress ? (
        <div className="h-2 w-full max-w-md overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={progress.done} aria-valuemax={progress.total}>
          <div className="h-full bg-emerald-500" style={{ width: `${progress.total ? (100 * progress.done) / progress.total : 100}%` }} />
        </div>
      ) : null}
      {error ? <p role="alert" className="text-rose-700">{error}</p> : null}
      {results.length > 0 ? (
        <p data-testid="events-summary">
          {count('recorded')} recorded, {count('duplicate')} duplicates, {count('unknown_lead')} unknown leads, {count('invalid')} invalid
          {count('failed') > 0 ? `, ${count('failed')} failed (upload the file again)` : ''}.{' '}
          <button type="button" className="text-sky-700 hover:underline" onClick={download}>Download results</button>
        </p>
      ) : null}
    </div>
  );
}
