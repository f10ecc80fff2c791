// npm run bench: intake throughput on a throw-away embedded Postgres (loopback only, bounded).
// Prints medians and side-by-side ratios measured in the same run.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { LOCAL_ADMIN, viewerClaims } from '../lib/auth/viewer';
import { mapLimited } from '../lib/concurrency/map-limited';
import { migrate } from '../lib/db/migrations';
import { ingestLead } from '../lib/intake/ingest-lead';
import { normalizeLead } from '../lib/intake/normalize/lead';
import { freePort, startEmbeddedPostgres } from './lib/embedded-postgres';
import { ensureLocalAdmin } from './lib/local-admin';
import { BOOTSTRAP_FILE, MIGRATIONS_DIR } from './lib/paths';

const BUDGET_MS = 60_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

let seq = 0;
const payload = () => {
  seq += 1;
  return { firstName: `Bench${seq}`, lastName: 'Lead', phone: `+1646${String(2_000_000 + seq).padStart(7, '0')}`, email: `bench${seq}@bench.example`, state: 'New York', offer: 'bench' };
};

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const dir = await mkdtemp(path.join(tmpdir(), 'leadops-bench-'));
await chmod(dir, 0o755);
// Durable settings (fsync on), as a real database runs; the data dir is removed at the end.
const server = await startEmbeddedPostgres({
  dataDir: path.join(dir, 'pg'),
  port: await freePort(),
  onNotice: (line) => console.log(`[leadops] ${line}`),
}).catch(async (error: unknown) => {
  await rm(dir, { recursive: true, force: true });
  console.error(`[leadops] ${error instanceof Error ? error.message : String(error)}`);
  return process.exit(1);
});
const sql = postgres(server.url, { max: 20, onnotice: () => {} });
try {
  await migrate(sql, { migrationsDir: MIGRATIONS_DIR, bootstrapFile: BOOTSTRAP_FILE });
  // The CSV import path below acts as the local admin, a member as on `npm run dev`.
  await ensureLocalAdmin(sql);
  const [{ id: source }] = (await sql<{ id: string }[]>`
    insert into public.sources (name, secret_hash) values ('bench', repeat('a', 64)) returning id`) as unknown as [{ id: string }];
  const ingest = (fields: Record<string, unknown>) => {
    const { lead, idempotencyKey } = normalizeLead(fields);
    const raw = JSON.stringify(fields);
    return ingestLead(sql, source, { request_id: `b-${seq}`, idempotency_key: idempotencyKey, content_type: 'application/json', raw_body: raw, payload: fields, headers: {} }, lead);
  };
  const deadline = performance.now() + BUDGET_MS;
  console.log('LeadOps intake benchmark (embedded PostgreSQL 17, fsync on, loopback)\n');

  // 1. One lead at a time: the latency a single sender sees, new lead vs duplicate, side by side.
  const newLatencies: number[] = [];
  const dupLatencies: number[] = [];
  const first = payload();
  await ingest(first);
  for (let i = 0; i < 2000 && performance.now() < deadline; i += 1) {
    newLatencies.push(await timed(() => ingest(payload())));
    dupLatencies.push(await timed(() => ingest({ ...first, firstName: 'again' })));
  }
  console.log(`ingest_lead, sequential (${newLatencies.length} each):`);
  console.log(`  new lead   median ${median(newLatencies).toFixed(2)} ms, p95 ${percentile(newLatencies, 0.95).toFixed(2)} ms`);
  console.log(`  duplicate  median ${median(dupLatencies).toFixed(2)} ms, p95 ${percentile(dupLatencies, 0.95).toFixed(2)} ms`);
  console.log(`  duplicate / new: ${(median(dupLatencies) / median(newLatencies)).toFixed(2)}x\n`);

  // 2. Throughput with 1, 4 and 16 senders at once (no callers: intake alone).
  const rates: Record<number, number> = {};
  for (const concurrency of [1, 4, 16]) {
    const count = 3000;
    const items = Array.from({ length: count }, payload);
    const ms = await timed(() => mapLimited(items, concurrency, (item) => ingest(item)));
    rates[concurrency] = count / (ms / 1000);
    console.log(`  ${String(concurrency).padStart(2)} senders: ${rates[concurrency]!.toFixed(0)} leads/s (${count} leads in ${(ms / 1000).toFixed(2)} s)`);
  }
  console.log(`  16 senders / 1 sender: ${(rates[16]! / rates[1]!).toFixed(2)}x\n`);

  // 3. Routing's share: the same ingest with six callers (state desks and a global pool) whose
  //    caps are full, so every lead is routed, ruled out everywhere and recorded in stock,
  //    against the same with no callers at all.
  const bare: number[] = [];
  for (let i = 0; i < 500; i += 1) bare.push(await timed(() => ingest(payload())));
  for (const [name, states] of [['CA', ['CA']], ['TX', ['TX']], ['NY', ['NY', 'NJ']], ['FL', ['FL']], ['Pool A', []], ['Pool B', []]] as const) {
    await sql`select public.save_caller(null, ${sql.json({ name, assigned_states: states, daily_lead_limit: 0 } as never)})`;
  }
  const routed: number[] = [];
  for (let i = 0; i < 500; i += 1) routed.push(await timed(() => ingest(payload())));
  await sql`update public.callers set daily_lead_limit = 1000000`;
  const assigned: number[] = [];
  for (let i = 0; i < 500; i += 1) assigned.push(await timed(() => ingest(payload())));
  console.log('ingest with routing (500 each, sequential):');
  console.log(`  no callers            median ${median(bare).toFixed(2)} ms`);
  console.log(`  6 callers, all capped median ${median(routed).toFixed(2)} ms (${(median(routed) / median(bare)).toFixed(2)}x)`);
  console.log(`  6 callers, assigning  median ${median(assigned).toFixed(2)} ms (${(median(assigned) / median(bare)).toFixed(2)}x)\n`);
  await sql`update public.callers set active = false`;

  // 4. The CSV import path for 50,000 rows: add_lead as the viewer, 4 rows in flight, as the
  //    import endpoint runs it (without HTTP and the browser).
  const claims = JSON.stringify(viewerClaims(LOCAL_ADMIN));
  const rows = Array.from({ length: 50_000 }, payload);
  let done = 0;
  const importMs = await timed(() => mapLimited(rows, 4, async (fields) => {
    if (performance.now() > deadline + BUDGET_MS) return;
    const { lead } = normalizeLead(fields);
    await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
      await tx`select public.add_lead('csv-import', ${tx.json({ request_id: 'bench', raw_body: '', payload: fields, headers: {} } as never)}, ${tx.json(lead as never)})`;
    });
    done += 1;
  }));
  console.log(`CSV import path: ${done} rows in ${(importMs / 1000).toFixed(1)} s (${(done / (importMs / 1000)).toFixed(0)} rows/s)\n`);

  // 5. Re-scoring 1,000,000 events (100,000 leads x 10) under changed rules, in the batches the
  //    dashboard runs, with a 30-day window and a per-lead cap in play.
  await sql`truncate public.lead_score_history, public.lead_events, public.order_leads, public.lead_assignments, public.lead_intake, public.leads cascade`;
  const loadMs = await timed(async () => {
    await sql`insert into public.leads (first_name) select 'Scored ' || i from generate_series(1, 100000) i`;
    await sql`
      insert into public.lead_events (event_id, lead_id, type, occurred_at)
      select 'bench-' || l.n || '-' || e, l.id,
             (array['email_opened','email_clicked','page_view','form_submitted','call_answered','meeting_booked','purchase','unsubscribed'])[1 + (l.n * 7 + e * 13) % 8],
             now() - ((l.n * 31 + e * 17) % 90) * interval '1 day'
      from (select id, row_number() over (order by id) as n from public.leads) l, generate_series(1, 10) e`;
    await sql`analyze public.lead_events`;
  });
  await sql`select public.save_scoring_rules(${sql.json([
    { event_type: 'email_opened', points: 5, window_days: 30 }, { event_type: 'email_clicked', points: 10 },
    { event_type: 'page_view', points: 5, max_per_lead: 3 }, { event_type: 'form_submitted', points: 20 },
    { event_type: 'call_answered', points: 15 }, { event_type: 'meeting_booked', points: 50 },
    { event_type: 'purchase', points: 100 }, { event_type: 'unsubscribed', points: -50 },
  ] as never)})`;
  const [job] = await sql<{ id: string }[]>`select id from public.start_rescore()`;
  let steps = 0;
  let finished = false;
  let changed = 0;
  const stepTimes: number[] = [];
  const rescoreMs = await timed(async () => {
    while (!finished && performance.now() < deadline + 4 * BUDGET_MS) {
      stepTimes.push(await timed(async () => {
        const [step] = await sql<{ finished_at: Date | null; changed: number }[]>`select finished_at, changed from public.rescore_step(${job!.id}, 5000)`;
        finished = step!.finished_at !== null;
        changed = step!.changed;
      }));
      steps += 1;
    }
  });
  console.log(`re-score 1,000,000 events (100,000 leads): ${(rescoreMs / 1000).toFixed(1)} s in ${steps} steps of 5,000 leads`);
  console.log(`  median step ${median(stepTimes).toFixed(0)} ms; ${changed} leads changed; loading the events took ${(loadMs / 1000).toFixed(1)} s${finished ? '' : ' (stopped at the time limit)'}`);
} finally {
  await sql.end({ timeout: 5 });
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
