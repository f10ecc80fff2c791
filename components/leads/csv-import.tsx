'use client';

import Papa from 'papaparse';
import { useRef, useState } from 'react';
import { fieldForKey, leadFields } from '@/lib/intake/normalize/fields';
import { IMPORT_CHUNK_ROWS, type ImportRowResult } from '@/lib/intake/import-schema';

type Target = (typeof leadFields)[number] | 'metadata' | 'ignore';
type Phase = 'pick' | 'map' | 'running' | 'done';

interface Tally {
  created: number;
  duplicate: number;
  failed: number;
}

const TARGET_LABELS: Record<string, string> = { metadata: 'Keep as extra data', ignore: 'Ignore' };

/** Default target of a header: the lead field it names, otherwise kept as extra data. */
function guessTarget(header: string): Target {
  const field = fieldForKey(header);
  return field ?? 'metadata';
}

interface Row {
  row: number;
  fields: Record<string, string>;
  metadata: Record<string, string>;
}

/** A row of the results file the user downloads. */
interface RowOutcome {
  row: number;
  outcome: 'created' | 'duplicate' | 'failed';
  lead_id: string;
  reason: string;
}

function rowOutcome(row: number, result: ImportRowResult): RowOutcome {
  if (!result.ok) return { row, outcome: 'failed', lead_id: '', reason: result.message ?? result.error };
  if (result.deduplicated) return { row, outcome: 'duplicate', lead_id: result.lead_id ?? '', reason: result.reason ?? '' };
  return { row, outcome: 'created', lead_id: result.lead_id ?? '', reason: '' };
}

class ImportError extends Error {}

async function postChunk(importId: string, rows: Row[]): Promise<ImportRowResult[]> {
  // A chunk sent twice creates nothing twice (row keys), so network trouble and 5xx answers are
  // retried; a 4xx answer will not change by asking again.
  for (let attempt = 1; ; attempt += 1) {
    let response: Response | null = null;
    try {
      response = await fetch('/api/leads/import', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ import_id: importId, rows }),
      });
    } catch (error) {
      if (attempt >= 4) throw new ImportError(`the server cannot be reached (${String(error)})`);
    }
    if (response?.ok) return (await response.json()).results;
    if (response && (response.status < 500 || attempt >= 4)) {
      const body = await response.json().catch(() => ({}));
      throw new ImportError(`import stopped: ${body.message ?? body.error ?? response.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
  }
}

export function CsvImport() {
  const [phase, setPhase] = useState<Phase>('pick');
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [sample, setSample] = useState<Record<string, string>[]>([]);
  const [mapping, setMapping] = useState<Record<string, Target>>({});
  const [rowsDone, setRowsDone] = useState(0);
  const [progress, setProgress] = useState(0);
  const [tally, setTally] = useState<Tally>({ created: 0, duplicate: 0, failed: 0 });
  const [error, setError] = useState<string | null>(null);
  const results = useRef<RowOutcome[]>([]);

  function pick(chosen: File | undefined) {
    setError(null);
    if (!chosen) return;
    Papa.parse<Record<string, string>>(chosen, {
      header: true,
      preview: 5,
      skipEmptyLines: 'greedy',
      complete: (parsed) => {
        const fields = (parsed.meta.fields ?? []).filter((field) => field.trim() !== '');
        if (fields.length === 0) {
          setError('The file has no header row.');
          return;
        }
        setFile(chosen);
        setHeaders(fields);
        setSample(parsed.data);
        setMapping(Object.fromEntries(fields.map((field) => [field, guessTarget(field)])));
        setPhase('map');
      },
      error: (parseError) => setError(`Cannot read the file: ${parseError.message}`),
    });
  }

  async function run() {
    if (!file) return;
    const importId = crypto.randomUUID();
    results.current = [];
    setError(null);
    setPhase('running');
    setRowsDone(0);
    setProgress(0);
    setTally({ created: 0, duplicate: 0, failed: 0 });
    let line = 0;
    let pending: Row[] = [];
    let stopped = false;

    const send = async (rows: Row[]) => {
      // Each result names its row by its index in the chunk.
      const chunkResults = (await postChunk(importId, rows)).map((result) => rowOutcome(rows[result.index]!.row, result));
      results.current.push(...chunkResults);
      setRowsDone((done) => done + chunkResults.length);
      setTally((t) => {
        const next = { ...t };
        for (const r of chunkResults) next[r.outcome] += 1;
        return next;
      });
    };
    const fail = (failure: unknown) => {
      stopped = true;
      setError(failure instanceof Error ? failure.message : String(failure));
      setPhase('done');
    };

    const toRow = (record: Record<string, string>): Row => {
      line += 1;
      const fields: Record<string, string> = {};
      const metadata: Record<string, string> = {};
      for (const header of headers) {
        const value = record[header];
        if (value === undefined || value.trim() === '') continue;
        const target = mapping[header] ?? 'metadata';
        if (target === 'ignore') continue;
        if (target === 'metadata') metadata[header] = value;
        else if (fields[target] === undefined) fields[target] = value;
      }
      return { row: line, fields, metadata };
    };

    // The whole file is decoded as UTF-8 first: papaparse's own file reader cuts the bytes into
    // pieces and would garble a character that straddles two of them.
    let text: string;
    try {
      text = await file.text();
    } catch (failure) {
      fail(failure);
      return;
    }
    Papa.parse<Record<string, string>>(text, {
      header: true,
      skipEmptyLines: 'greedy',
      chunkSize: 256 * 1024,
      chunk: (parsed: Papa.ParseResult<Record<string, string>>, parser: Papa.Parser) => {
        if (stopped) return;
        parser.pause();
        pending.push(...parsed.data.map(toRow));
        setProgress(parsed.meta.cursor / text.length);
        (async () => {
          while (pending.length >= IMPORT_CHUNK_ROWS) {
            const batch = pending.slice(0, IMPORT_CHUNK_ROWS);
            pending = pending.slice(IMPORT_CHUNK_ROWS);
            await send(batch);
          }
          parser.resume();
        })().catch((failure: unknown) => {
          fail(failure);
          // abort() runs complete(); `stopped` keeps it from sending anything more.
          parser.abort();
        });
      },
      complete: () => {
        if (stopped) return;
        (async () => {
          if (pending.length > 0) await send(pending);
          pending = [];
          setProgress(1);
          setPhase('done');
        })().catch(fail);
      },
      error: (parseError: Error) => fail(new Error(`Cannot read the file: ${parseError.message}`)),
    });
  }

  function download() {
    const csv = Papa.unparse(results.current, { columns: ['row', 'outcome', 'lead_id', 'reason'] });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${file?.name.replace(/\.csv$/i, '') ?? 'import'}-results.csv`;
    link.click();
    URL.revokeObjectURL(url);
  }

  const percent = Math.min(100, Math.round(progress * 100));
  const targets: Target[] = [...leadFields.filter((f) => f !== 'idempotency_key'), 'metadata', 'ignore'];

  return (
    <div className="space-y-6">
      {phase === 'pick' || phase === 'map' ? (
        <label className="block rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
          <span className="font-medium text-slate-700">CSV file with a header row</span>
          <input type="file" accept=".csv,text/csv" className="mt-2 block" data-testid="csv-file" onChange={(event) => pick(event.target.files?.[0])} />
        </label>
      ) : null}

      {error ? <p role="alert" className="text-sm text-rose-700">{error}</p> : null}

      {phase === 'map' ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="mapping">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">Map the columns of {file?.name}</h2>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-1">Column</th><th className="py-1">Goes to</th><th className="py-1">First value</th>
              </tr>
            </thead>
            <tbody>
              {headers.map((header) => (
                <tr key={header} className="border-t border-slate-100">
                  <td className="py-1 font-medium">{header}</td>
                  <td className="py-1">
                    <select
                      aria-label={`Map ${header}`}
                      value={mapping[header]}
                      onChange={(event) => setMapping({ ...mapping, [header]: event.target.value as Target })}
                      className="rounded-md border border-slate-300 px-2 py-1"
                    >
                      {targets.map((target) => <option key={target} value={target}>{TARGET_LABELS[target] ?? target}</option>)}
                    </select>
                  </td>
                  <td className="py-1 text-slate-500">{sample[0]?.[header] ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => void run()} className="mt-4 rounded-md bg-slate-900 px-4 py-2 text-sm text-white">Import</button>
        </section>
      ) : null}

      {phase === 'running' || phase === 'done' ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="import-progress">
          <div className="mb-2 flex justify-between text-sm">
            <span>{phase === 'running' ? 'Importing…' : error ? 'Import stopped' : 'Import finished'}</span>
            <span data-testid="import-percent">{percent}%</span>
          </div>
          <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-emerald-500 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <dl className="mt-4 grid grid-cols-4 gap-4 text-sm">
            <div><dt className="text-slate-500">Rows</dt><dd className="text-lg font-semibold" data-testid="import-rows">{rowsDone}</dd></div>
            <div><dt className="text-slate-500">Created</dt><dd className="text-lg font-semibold" data-testid="import-created">{tally.created}</dd></div>
            <div><dt className="text-slate-500">Duplicates</dt><dd className="text-lg font-semibold" data-testid="import-duplicates">{tally.duplicate}</dd></div>
            <div><dt className="text-slate-500">Failed</dt><dd className="text-lg font-semibold" data-testid="import-failed">{tally.failed}</dd></div>
          </dl>
          {phase === 'done' ? (
            <div className="mt-4 flex gap-2">
              <button type="button" onClick={download} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">Download results</button>
              <button type="button" onClick={() => { setPhase('pick'); setFile(null); }} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">Import another file</button>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
