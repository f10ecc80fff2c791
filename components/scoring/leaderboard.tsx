'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { AutoRefresh } from '@/components/auto-refresh';

export interface LeaderRow {
  id: string;
  name: string;
  state: string | null;
  status: string;
  score: number;
}

/**
 * The top leads, refreshed every few seconds; a row whose score changed since the last look
 * flashes. (Polling until the dashboard has a realtime feed.)
 */
export function Leaderboard({ rows, refreshMs = 4000 }: { rows: LeaderRow[]; refreshMs?: number }) {
  const previous = useRef<Map<string, number> | null>(null);
  const [changed, setChanged] = useState<Set<string>>(new Set());

  useEffect(() => {
    const before = previous.current;
    if (before) setChanged(new Set(rows.filter((row) => before.has(row.id) ? before.get(row.id) !== row.score : true).map((row) => row.id)));
    previous.current = new Map(rows.map((row) => [row.id, row.score]));
    const clear = setTimeout(() => setChanged(new Set()), 2500);
    return () => clearTimeout(clear);
  }, [rows]);

  if (rows.length === 0) {
    return (
      <>
        <AutoRefresh everyMs={refreshMs} />
        <p className="text-sm text-slate-500">No leads yet.</p>
      </>
    );
  }
  return (
    <>
      <AutoRefresh everyMs={refreshMs} />
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="leaderboard">
        {rows.map((row, index) => (
          <li key={row.id} data-changed={changed.has(row.id) || undefined} className={`flex items-center gap-3 px-3 py-2 text-sm transition-colors duration-700 ${changed.has(row.id) ? 'bg-amber-100' : ''}`}>
            <span className="w-6 text-right text-slate-400">{index + 1}</span>
            <Link className="flex-1 text-sky-700 hover:underline" href={`/leads/${row.id}`}>{row.name}</Link>
            <span className="text-slate-500">{row.state ?? '—'}</span>
            <span className="w-20 text-slate-500">{row.status}</span>
            <span className="w-12 text-right font-semibold tabular-nums">{row.score}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
