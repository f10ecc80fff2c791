import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIntake, type IntakeRequest } from '@/lib/intake/process-intake';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('processIntake', () => {
  let db: TestDatabase;
  let request: (rawBody: string, extra?: Partial<IntakeRequest>) => IntakeRequest;
  const errors: unknown[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const [row] = await db.sql<{ id: string }[]>`
      insert into public.sources (name, secret_hash) values ('proc', repeat('c', 64)) returning id`;
    // A fault outside ingest_lead's own error handling: the intake insert itself blows up.
    await db.sql.unsafe(`
      create function public.explode() returns trigger language plpgsql as $$
      begin
        if new.payload ->> 'first_name' = 'explode' then raise exception 'boom'; end if;
        return new;
      end $$;
      create trigger explode before insert on public.lead_intake for each row execute function public.explode();`);
    request = (rawBody, extra = {}) => ({
      sourceId: row!.id, requestId: `req-${Math.random()}`, rawBody, contentType: 'application/json',
      idempotencyKey: null, headers: {}, onError: (error) => errors.push(error), ...extra,
    });
  });
  afterAll(() => db.drop());

  it('answers a new lead with 201', async () => {
    const response = await processIntake(db.sql, request('{"first_name":"Proc"}'));
    expect(response).toEqual({ status: 201, body: { ok: true, lead_id: expect.any(String), deduplicated: false, status: 'new', assigned_to: null } });
  });

  it('keeps the raw request when ingest_lead itself fails, and answers 500 with the intake id', async () => {
    const raw = '{"first_name":"explode","phone":"555-234-5678"}';
    const response = await processIntake(db.sql, request(raw));
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ ok: false, error: 'internal_error', intake_id: expect.any(String) });
    const [row] = await db.sql`select outcome, raw_body, error from public.lead_intake where id = ${response.body.intake_id as string}`;
    expect(row).toEqual({ outcome: 'rejected', raw_body: raw, error: 'processing failed; see the server log' });
    expect(String(errors.at(-1))).toContain('boom');
  });

  it('answers a batch that fails as a whole with 500, having stored none of it but the request as it came', async () => {
    const raw = '[{"first_name":"ok","phone":"555-234-0001"},{"first_name":"explode"}]';
    const response = await processIntake(db.sql, request(raw));
    expect(response).toEqual({ status: 500, body: { ok: false, error: 'internal_error', request_id: expect.any(String), intake_id: expect.any(String) } });
    const rows = await db.sql`select outcome, raw_body from public.lead_intake where request_id = ${response.body.request_id as string}`;
    expect(rows).toEqual([{ outcome: 'rejected', raw_body: raw }]);
    const [leads] = await db.sql`select count(*)::int as n from public.leads where phone_e164 = '+15552340001'`;
    expect(leads).toEqual({ n: 0 });
    expect(String(errors.at(-1))).toContain('boom');
  });

  it('keeps a batch item that is not an object as a rejected intake, and says so in its answer', async () => {
    const response = await processIntake(db.sql, request('[{"first_name":"fine"},42]'));
    expect(response.body.results).toEqual([
      { index: 0, ok: true, lead_id: expect.any(String), deduplicated: false, status: 'new', assigned_to: null },
      { index: 1, ok: false, error: 'invalid_payload', message: 'item is not an object', intake_id: expect.any(String) },
    ]);
    const kept = (response.body.results as { intake_id?: string }[])[1]!.intake_id!;
    const [row] = await db.sql`select outcome, raw_body from public.lead_intake where id = ${kept}`;
    expect(row).toEqual({ outcome: 'rejected', raw_body: '42' });
  });
});
