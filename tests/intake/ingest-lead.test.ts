import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLead, type IntakeRecord } from '@/lib/intake/ingest-lead';
import { normalizeLead, type NormalizedLead } from '@/lib/intake/normalize/lead';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let counter = 0;
const intake = (overrides: Partial<IntakeRecord> = {}): IntakeRecord => ({
  request_id: `req-${++counter}`,
  idempotency_key: null,
  content_type: 'application/json',
  raw_body: '{}',
  payload: {},
  headers: {},
  ...overrides,
});
const lead = (fields: Record<string, unknown>): NormalizedLead => normalizeLead(fields).lead;
const uniquePhone = () => `+1212${String(2_000_000 + Math.floor(Math.random() * 7_999_999))}`;

describe('ingest_lead', () => {
  let db: TestDatabase;
  let source: string;
  beforeAll(async () => {
    db = await createTestDatabase({ max: 40 });
    const [row] = await db.sql<{ id: string }[]>`
      insert into public.sources (name, secret_hash) values ('test', repeat('a', 64)) returning id`;
    source = row!.id;
  });
  afterAll(() => db.drop());

  it('stores the raw intake and creates a lead in stock', async () => {
    const raw = '{"firstName":"Ana","phone":"(305) 555-0142","state":"Florida","offer":"x"}';
    const result = await ingestLead(db.sql, source, intake({ raw_body: raw, payload: JSON.parse(raw) }), lead(JSON.parse(raw)));
    expect(result).toMatchObject({ outcome: 'created', deduplicated: false, status: 'new', assigned_to: null });
    const [stored] = await db.sql`
      select i.outcome, i.raw_body, i.lead_id, l.first_name, l.phone_e164, l.state, l.metadata, l.intake_id, l.source_id
      from public.lead_intake i join public.leads l on l.id = i.lead_id where i.id = ${result.intake_id}`;
    expect(stored).toEqual({
      outcome: 'created', raw_body: raw, lead_id: result.lead_id, first_name: 'Ana', phone_e164: '+13055550142',
      state: 'FL', metadata: { offer: 'x' }, intake_id: result.intake_id, source_id: source,
    });
  });

  it('stores a body it cannot use as rejected, with the reason', async () => {
    const result = await ingestLead(db.sql, source, intake({ raw_body: '{"phone":', payload: null, error: 'body is not valid JSON' }), null);
    expect(result.outcome).toBe('rejected');
    const [row] = await db.sql`select outcome, raw_body, error, lead_id from public.lead_intake where id = ${result.intake_id}`;
    expect(row).toEqual({ outcome: 'rejected', raw_body: '{"phone":', error: 'body is not valid JSON', lead_id: null });
  });

  it('answers a repeated idempotency key with the first lead', async () => {
    const first = await ingestLead(db.sql, source, intake({ idempotency_key: 'k-1' }), lead({ first_name: 'Key' }));
    const again = await ingestLead(db.sql, source, intake({ idempotency_key: 'k-1' }), lead({ first_name: 'Other' }));
    expect(again).toMatchObject({ outcome: 'duplicate', deduplicated: true, reason: 'idempotency_key', lead_id: first.lead_id });
    const rows = await db.sql`select outcome, duplicate_reason from public.lead_intake where idempotency_key = 'k-1' order by received_at`;
    expect(rows).toEqual([{ outcome: 'created', duplicate_reason: null }, { outcome: 'duplicate', duplicate_reason: 'idempotency_key' }]);
  });

  it('scopes idempotency keys to their source', async () => {
    const [other] = await db.sql<{ id: string }[]>`
      insert into public.sources (name, secret_hash) values ('other', repeat('b', 64)) returning id`;
    const a = await ingestLead(db.sql, source, intake({ idempotency_key: 'shared' }), lead({}));
    const b = await ingestLead(db.sql, other!.id, intake({ idempotency_key: 'shared' }), lead({}));
    expect(b.outcome).toBe('created');
    expect(b.lead_id).not.toBe(a.lead_id);
  });

  it.each([
    ['phone_window', (p: string) => ({ phone: p })],
    ['email_window', (p: string) => ({ email: `${p.slice(1)}@dupe.example` })],
    ['document_number', (p: string) => ({ document_type: 'ssn', document_number: p.slice(-9) })],
  ])('links a duplicate by %s to the original', async (reason, fields) => {
    const p = uniquePhone();
    const first = await ingestLead(db.sql, source, intake(), lead(fields(p)));
    const second = await ingestLead(db.sql, source, intake(), lead({ ...fields(p), first_name: 'Again' }));
    expect(second).toMatchObject({ outcome: 'duplicate', reason, lead_id: first.lead_id });
  });

  it('forgets phones and emails after the window, but not document numbers', async () => {
    const phone = uniquePhone();
    const first = await ingestLead(db.sql, source, intake(), lead({ phone, email: 'old@window.example', document_number: 'D-7788' }));
    await db.sql`update public.leads set created_at = now() - interval '25 hours' where id = ${first.lead_id!}`;
    expect((await ingestLead(db.sql, source, intake(), lead({ phone }))).outcome).toBe('created');
    expect((await ingestLead(db.sql, source, intake(), lead({ email: 'old@window.example' }))).outcome).toBe('created');
    expect(await ingestLead(db.sql, source, intake(), lead({ document_number: 'D-7788' }))).toMatchObject({ outcome: 'duplicate', reason: 'document_number' });
  });

  it('honours the dedupe window setting', async () => {
    const phone = uniquePhone();
    const first = await ingestLead(db.sql, source, intake(), lead({ phone }));
    await db.sql`update public.leads set created_at = now() - interval '30 hours' where id = ${first.lead_id!}`;
    await db.sql`update public.app_settings set value = '48' where key = 'dedupe_window_hours'`;
    try {
      expect(await ingestLead(db.sql, source, intake(), lead({ phone }))).toMatchObject({ outcome: 'duplicate', reason: 'phone_window' });
    } finally {
      await db.sql`update public.app_settings set value = '24' where key = 'dedupe_window_hours'`;
    }
  });

  it('keeps the intake, marked failed with the error, when making the lead fails', async () => {
    const bad = { ...lead({}), phone_e164: 'not-e164' };
    const result = await ingestLead(db.sql, source, intake({ raw_body: 'kept', idempotency_key: 'fails-once' }), bad);
    expect(result.outcome).toBe('failed');
    const [row] = await db.sql`select outcome, raw_body, lead_id, error from public.lead_intake where id = ${result.intake_id}`;
    expect(row).toMatchObject({ outcome: 'failed', raw_body: 'kept', lead_id: null });
    expect(row!.error).toMatch(/^23514: .*leads_phone_e164_check/);
    // The key did not produce a lead, so a corrected retry with it goes through.
    const retry = await ingestLead(db.sql, source, intake({ idempotency_key: 'fails-once' }), lead({ first_name: 'Fixed' }));
    expect(retry.outcome).toBe('created');
  });

  it('replays a rejected or failed intake, linked to it, and refuses any other', async () => {
    const rejected = await ingestLead(db.sql, source, intake({ error: 'bad' }), null);
    const replay = await ingestLead(db.sql, source, intake({ replay_of: rejected.intake_id }), lead({ first_name: 'Repaired' }));
    expect(replay.outcome).toBe('created');
    const [row] = await db.sql`select replay_of from public.lead_intake where id = ${replay.intake_id}`;
    expect(row!.replay_of).toBe(rejected.intake_id);
    await expect(ingestLead(db.sql, source, intake({ replay_of: replay.intake_id }), lead({}))).rejects.toMatchObject({
      code: 'PT409', message: `intake ${replay.intake_id} cannot be replayed: only rejected or failed intakes can`,
    });
  });

  it('replays an intake once, carrying the sender\'s idempotency key', async () => {
    const failed = await ingestLead(db.sql, source, intake({ idempotency_key: 'replay-key' }), { ...lead({}), phone_e164: 'bad' });
    const replays = await Promise.allSettled([1, 2, 3].map((n) =>
      ingestLead(db.sql, source, intake({ replay_of: failed.intake_id, idempotency_key: 'replay-key' }), lead({ first_name: `R${n}` }))));
    expect(replays.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'created')).toHaveLength(1);
    expect(replays.filter((r) => r.status === 'rejected' && /already replayed/.test(String(r.reason)))).toHaveLength(2);
    // The sender retrying with its key now gets the replayed lead, not a second one.
    expect(await ingestLead(db.sql, source, intake({ idempotency_key: 'replay-key' }), lead({}))).toMatchObject({ outcome: 'duplicate', reason: 'idempotency_key' });
  });

  it('tells documents of different types apart', async () => {
    const first = await ingestLead(db.sql, source, intake(), lead({ document_type: 'passport', document_number: 'X1234567' }));
    expect((await ingestLead(db.sql, source, intake(), lead({ document_type: 'driver_license', document_number: 'X1234567' }))).outcome).toBe('created');
    expect(await ingestLead(db.sql, source, intake(), lead({ document_number: 'X1234567' }))).toMatchObject({ outcome: 'duplicate', lead_id: first.lead_id });
  });

  it('keeps working when the dedupe window setting is not a number', async () => {
    await db.sql`update public.app_settings set value = '"soon"' where key = 'dedupe_window_hours'`;
    try {
      const phone = uniquePhone();
      await ingestLead(db.sql, source, intake(), lead({ phone }));
      expect(await ingestLead(db.sql, source, intake(), lead({ phone }))).toMatchObject({ outcome: 'duplicate', reason: 'phone_window' });
    } finally {
      await db.sql`update public.app_settings set value = '24' where key = 'dedupe_window_hours'`;
    }
  });

  it('stores lone surrogates and very long idempotency keys instead of failing', async () => {
    const longKey = normalizeLead({ idempotency_key: 'k'.repeat(5000) + Math.random() }).idempotencyKey;
    expect(longKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    const result = await ingestLead(db.sql, source, intake({ raw_body: 'half \ud83d emoji', idempotency_key: longKey }), lead({ first_name: 'Half\ud83d' }));
    expect(result.outcome).toBe('created');
  });

  it('refuses an unknown source', async () => {
    await expect(ingestLead(db.sql, '00000000-0000-4000-8000-000000000009', intake(), lead({}))).rejects.toMatchObject({ code: 'PT404' });
  });

  it('keeps an unknown state or business line in metadata instead of failing', async () => {
    const result = await ingestLead(db.sql, source, intake(), { ...lead({}), state: 'ZZ', business_line: 'space_travel' });
    const [row] = await db.sql`select state, business_line, metadata from public.leads where id = ${result.lead_id!}`;
    expect(row).toEqual({ state: null, business_line: null, metadata: { unknown_state: 'ZZ', unknown_business_line: 'space_travel' } });
  });

  it('survives NUL characters, which Postgres text cannot hold', async () => {
    const result = await ingestLead(db.sql, source, intake({ raw_body: 'a\u0000b' }), lead({ first_name: 'Nul\u0000l', 'odd\u0000key': 'v' }));
    expect(result.outcome).toBe('created');
  });

  it('makes one lead of 100 concurrent requests with the same idempotency key', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => ingestLead(db.sql, source, intake({ idempotency_key: 'storm' }), lead({ first_name: `S${i}` }))),
    );
    const created = results.filter((r) => r.outcome === 'created');
    expect(created).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate' && r.reason === 'idempotency_key' && r.lead_id === created[0]!.lead_id)).toHaveLength(99);
  });

  it('makes one lead of 100 concurrent requests with the same phone and no key', async () => {
    const phone = uniquePhone();
    const results = await Promise.all(Array.from({ length: 100 }, () => ingestLead(db.sql, source, intake(), lead({ phone }))));
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    const [row] = await db.sql`select count(*)::int as n from public.leads where phone_e164 = ${phone}`;
    expect(row!.n).toBe(1);
  });

  it('loses nothing and never deadlocks when 300 requests overlap on phones and emails', async () => {
    const phones = Array.from({ length: 30 }, uniquePhone);
    const sent = Array.from({ length: 300 }, (_, i) => ({ phone: phones[i % 30]!, email: `mix${i % 7}-${phones[0]!.slice(-7)}@x.example` }));
    const results = await Promise.all(sent.map((fields, i) => ingestLead(db.sql, source, intake({ request_id: `mix-${i}` }), lead(fields))));
    expect(results.every((r) => r.outcome === 'created' || r.outcome === 'duplicate')).toBe(true);
    const [row] = await db.sql`
      select count(*)::int as intakes, count(distinct lead_id)::int as leads from public.lead_intake where request_id like 'mix-%'`;
    expect(row!.intakes).toBe(300);
    // Every duplicate points at a lead that shares its phone or email.
    const leads = new Map((await db.sql<{ id: string; phone_e164: string; email: string }[]>`
      select id, phone_e164, email from public.leads where id in ${db.sql(results.map((r) => r.lead_id!))}`).map((l) => [l.id, l]));
    results.forEach((result, i) => {
      const original = leads.get(result.lead_id!)!;
      expect(original.phone_e164 === sent[i]!.phone || original.email === sent[i]!.email).toBe(true);
    });
    const created = results.filter((r) => r.outcome === 'created').length;
    expect(row!.leads).toBe(created);
    expect(created).toBeGreaterThanOrEqual(7);
    expect(created).toBeLessThanOrEqual(30);
  });
});
