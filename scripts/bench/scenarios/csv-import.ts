import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { IMPORT_CHUNK_ROWS } from '../../../lib/intake/import-schema';
import { addCallers, ROUTING_CALLERS } from '../callers';
import { atMost, figure, type Figure } from '../figures';
import { nextLead } from '../leads';
import type { RunningApp } from '../next-app';
import type { Profile } from '../profile';

export const CSV_IMPORT = '7. CSV import';

/**
 * The dashboard's CSV import as its browser side drives it (components/leads/csv-import.tsx):
 * rows already mapped to lead fields, POST /api/leads/import one chunk of IMPORT_CHUNK_ROWS at
 * a time, each after the previous answer, as the local admin (local mode, loopback, same-origin
 * headers as the browser sends), routed to the eight bench callers. `sql` is the app's database.
 */
export async function csvImport({ app, sql, profile }: { app: RunningApp; sql: Sql; profile: Profile }): Promise<Figure[]> {
  await addCallers(sql, ROUTING_CALLERS);
  const importId = randomUUID();
  const stopAt = performance.now() + profile.csvCapS * 1000;
  const tally = { created: 0, duplicate: 0, failed: 0 };
  let sent = 0;
  const started = performance.now();
  while (sent < profile.csvRows && performance.now() < stopAt) {
    const rows = Array.from({ length: Math.min(IMPORT_CHUNK_ROWS, profile.csvRows - sent) }, (_, i) => ({
      row: sent + i + 1,
      fields: nextLead({ duplicates: false }),
      metadata: {},
    }));
    const response = await fetch(`${app.baseUrl}/api/leads/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.baseUrl, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ import_id: importId, rows }),
    });
    if (!response.ok) throw new Error(`POST /api/leads/import answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const { results } = (await response.json()) as { results: { ok: boolean; deduplicated?: boolean }[] };
    for (const result of results) {
      if (!result.ok) tally.failed += 1;
      else if (result.deduplicated) tally.duplicate += 1;
      else tally.created += 1;
    }
    sent += rows.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = sent / seconds;
  const stopped = sent < profile.csvRows;
  return [
    figure({
      scenario: CSV_IMPORT,
      name: `${profile.csvRows.toLocaleString('en-US')} rows in chunks of ${IMPORT_CHUNK_ROWS}, one chunk at a time` +
        (stopped ? ` (stopped at the time limit after ${sent.toLocaleString('en-US')})` : ''),
      value: perSecond,
      unit: 'rows/s',
      detail: `${tally.created} created, ${tally.duplicate} duplicate, ${tally.failed} failed`,
    }),
    figure({
      scenario: CSV_IMPORT,
      name: `the same: time for all ${profile.csvRows.toLocaleString('en-US')} rows${stopped ? ' (projected from the rate)' : ''}`,
      value: stopped ? profile.csvRows / perSecond : seconds,
      unit: 's',
      target: atMost((15 * profile.csvRows) / 50_000),
    }),
  ];
}
