'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Routes every stock lead now, a page at a time, showing how far it got. */
export function AssignStockButton() {
  const router = useRouter();
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);

  async function run() {
    setRunning(true);
    setSummary(null);
    let after: string | null = null;
    let tried = 0;
    let assigned = 0;
    try {
      do {
        const response: Response = await fetch('/api/leads/assign-stock', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ limit: 200, after }),
        });
        const body = await response.json();
        if (!response.ok) throw new Error(body.message ?? body.error);
        tried += body.tried;
        assigned += body.assigned;
        after = body.next_after;
        setSummary(`Routed ${assigned} of ${tried} stock leads so far…`);
      } while (after);
      setSummary(`Routed ${assigned} of ${tried} stock leads.`);
      router.refresh();
    } catch (error) {
      setSummary(`Stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setRunning(false);
    }
  }

  return (
    <span className="flex items-center gap-2">
      {summary ? <span role="status" className="text-sm text-slate-600" data-testid="assign-stock-result">{summary}</span> : null}
      <button type="button" onClick={() => void run()} disabled={running} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50">
        {running ? 'Routing…' : 'Assign stock now'}
      </button>
    </span>
  );
}
