-- Intake: ingest_lead stores the raw request, de-duplicates and creates the lead in one call.

-- A repeated idempotency key is recorded as its own intake row (outcome duplicate), so the key
-- is unique only among the intakes that created a lead.
alter table public.lead_intake drop constraint lead_intake_idempotency_key_per_source;
create unique index lead_intake_created_key_idx on public.lead_intake (source_id, idempotency_key)
  where outcome = 'created' and idempotency_key is not null;
create index lead_intake_key_idx on public.lead_intake (source_id, idempotency_key, received_at)
  where idempotency_key is not null;
create index lead_intake_replay_of_idx on public.lead_intake (replay_of) where replay_of is not null;

alter table public.lead_intake add column duplicate_reason text
  check (duplicate_reason in ('idempotency_key', 'phone_window', 'email_window', 'document_number'));
comment on column public.lead_intake.duplicate_reason is
  'Why a duplicate intake was linked to an existing lead instead of creating one.';

-- Internal sources stand for leads entered in the dashboard or imported from CSV; they never
-- authenticate webhooks (their secret is random and never shown).
alter table public.sources add column kind text not null default 'webhook'
  check (kind in ('webhook', 'internal'));
insert into public.sources (name, secret_hash, kind) values
  ('dashboard', encode(extensions.digest(extensions.gen_random_bytes(32), 'sha256'), 'hex'), 'internal'),
  ('csv-import', encode(extensions.digest(extensions.gen_random_bytes(32), 'sha256'), 'hex'), 'internal')
on conflict (name) do nothing;

create or replace function public.ingest_lead(p_source_id uuid, p_intake jsonb, p_lead jsonb default null)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_intake_id uuid := gen_random_uuid();
  v_key text := nullif(p_intake ->> 'idempotency_key', '');
  v_replay_of uuid := nullif(p_intake ->> 'replay_of', '')::uuid;
  v_phone text := nullif(p_lead ->> 'phone_e164', '');
  v_email text := lower(nullif(p_lead ->> 'email', ''));
  v_doc text := nullif(p_lead ->> 'document_number', '');
  v_doc_type text := nullif(p_lead ->> 'document_type', '');
  v_window interval;
  v_lock bigint;
  v_lead_id uuid;
  v_reason text;
  v_state text;
  v_line text;
  v_error text;
  v_lead public.leads;
  v_routing jsonb;
begin
  if p_source_id is null or not exists (select from public.sources where id = p_source_id) then
    raise exception 'unknown source %', p_source_id using errcode = 'PT404';
  end if;
  if v_replay_of is not null then
    -- One successful replay per intake: the lock makes two staff clicking at once take turns.
    perform from public.lead_intake where id = v_replay_of and outcome in ('rejected', 'failed') for update;
    if not found then
      raise exception 'intake % cannot be replayed: only rejected or failed intakes can', v_replay_of
        using errcode = 'PT409';
    end if;
    if exists (select from public.lead_intake
               where replay_of = v_replay_of and outcome in ('created', 'duplicate')) then
      raise exception 'intake % was already replayed', v_replay_of using errcode = 'PT409';
    end if;
  end if;

  -- Nothing to make a lead of: keep the raw request and say why.
  if p_lead is null then
    insert into public.lead_intake (id, source_id, request_id, idempotency_key, content_type, raw_body,
      payload, headers, outcome, error, replay_of)
    values (v_intake_id, p_source_id, p_intake ->> 'request_id', v_key, p_intake ->> 'content_type',
      coalesce(p_intake ->> 'raw_body', ''), p_intake -> 'payload', coalesce(p_intake -> 'headers', '{}'),
      'rejected', coalesce(p_intake ->> 'error', 'invalid payload'), v_replay_of);
    return jsonb_build_object('intake_id', v_intake_id, 'outcome', 'rejected');
  end if;

  -- Requests that could be the same lead (same key, document, phone or email) wait for each
  -- other here. Locks are taken in one global order, so two ingests never deadlock.
  for v_lock in
    select distinct hashtextextended(k, 0) from unnest(array[
      'key:' || p_source_id || ':' || v_key, 'doc:' || v_doc, 'phone:' || v_phone, 'email:' || v_email
    ]) as k where k is not null order by 1
  loop
    perform pg_advisory_xact_lock(v_lock);
  end loop;

  if v_key is not null then
    select i.lead_id into v_lead_id from public.lead_intake i
    where i.source_id = p_source_id and i.idempotency_key = v_key and i.lead_id is not null
    order by i.received_at limit 1;
    if found then v_reason := 'idempotency_key'; end if;
  end if;
  if v_reason is null then
    v_window := interval '1 hour' * private.setting_number('dedupe_window_hours', 24);
    if v_doc is not null then
      -- Same number; same type too when both sides say which document it is.
      select l.id into v_lead_id from public.leads l
      where l.document_number = v_doc
        and (v_doc_type is null or l.document_type is null or l.document_type = v_doc_type)
      order by l.created_at limit 1;
      if found then v_reason := 'document_number'; end if;
    end if;
    if v_reason is null and v_phone is not null then
      select l.id into v_lead_id from public.leads l
      where l.phone_e164 = v_phone and l.created_at >= now() - v_window order by l.created_at limit 1;
      if found then v_reason := 'phone_window'; end if;
    end if;
    if v_reason is null and v_email is not null then
      select l.id into v_lead_id from public.leads l
      where l.email = v_email and l.created_at >= now() - v_window order by l.created_at limit 1;
      if found then v_reason := 'email_window'; end if;
    end if;
  end if;

  if v_reason is not null then
    insert into public.lead_intake (id, source_id, request_id, idempotency_key, content_type, raw_body,
      payload, headers, outcome, lead_id, duplicate_reason, replay_of)
    values (v_intake_id, p_source_id, p_intake ->> 'request_id', v_key, p_intake ->> 'content_type',
      coalesce(p_intake ->> 'raw_body', ''), p_intake -> 'payload', coalesce(p_intake -> 'headers', '{}'),
      'duplicate', v_lead_id, v_reason, v_replay_of);
    return jsonb_build_object('intake_id', v_intake_id, 'outcome', 'duplicate', 'lead_id', v_lead_id,
      'deduplicated', true, 'reason', v_reason);
  end if;

  -- Raw first: this row survives whatever goes wrong below; it is marked created at the end.
  insert into public.lead_intake (id, source_id, request_id, idempotency_key, content_type, raw_body,
    payload, headers, outcome, error, replay_of)
  values (v_intake_id, p_source_id, p_intake ->> 'request_id', v_key, p_intake ->> 'content_type',
    coalesce(p_intake ->> 'raw_body', ''), p_intake -> 'payload', coalesce(p_intake -> 'headers', '{}'),
    'failed', 'processing did not finish', v_replay_of);

  begin
    select code into v_state from public.us_states where code = upper(p_lead ->> 'state');
    select code into v_line from public.business_lines where code = p_lead ->> 'business_line' and active;
    insert into public.leads (source_id, intake_id, first_name, last_name, email, phone, phone_e164, state,
      country, zip, city, business_line, language, document_type, document_number, external_id, metadata)
    values (p_source_id, v_intake_id, p_lead ->> 'first_name', p_lead ->> 'last_name', v_email,
      p_lead ->> 'phone', v_phone, v_state, p_lead ->> 'country', p_lead ->> 'zip', p_lead ->> 'city', v_line,
      p_lead ->> 'language', v_doc_type, v_doc, p_lead ->> 'external_id',
      coalesce(p_lead -> 'metadata', '{}')
        || case when v_state is null and p_lead ->> 'state' is not null
             then jsonb_build_object('unknown_state', p_lead ->> 'state') else '{}' end
        || case when v_line is null and p_lead ->> 'business_line' is not null
             then jsonb_build_object('unknown_business_line', p_lead ->> 'business_line') else '{}' end)
    returning * into v_lead;
    update public.lead_intake set outcome = 'created', lead_id = v_lead.id, error = null where id = v_intake_id;
    -- The lead's first scoring event; its score comes from the rules like any other.
    perform public.record_lead_event('lead_created:' || v_lead.id, v_lead.id, 'lead_created', v_lead.created_at, '{}'::jsonb);
    select * into v_lead from public.leads where id = v_lead.id;
  exception when others then
    get stacked diagnostics v_error = message_text;
    update public.lead_intake set outcome = 'failed', error = left(sqlstate || ': ' || v_error, 2000)
    where id = v_intake_id;
    return jsonb_build_object('intake_id', v_intake_id, 'outcome', 'failed');
  end;

  -- Route it. A fault here must not cost the lead: it stays in stock and the intake says why.
  begin
    v_routing := public.assign_lead_atomic(v_lead.id, 'intake');
    select * into v_lead from public.leads where id = v_lead.id;
  exception when others then
    get stacked diagnostics v_error = message_text;
    update public.lead_intake set error = left('routing failed, lead left in stock: ' || v_error, 2000)
    where id = v_intake_id;
  end;

  return jsonb_build_object('intake_id', v_intake_id, 'outcome', 'created', 'lead_id', v_lead.id,
    'deduplicated', false, 'status', v_lead.status, 'routing', v_routing -> 'reason',
    'assigned_to', (select jsonb_build_object('id', c.id, 'name', c.name) from public.callers c
                    where c.id = v_lead.assigned_caller_id));
end
$$;
comment on function public.ingest_lead(uuid, jsonb, jsonb) is
  'Stores one intake request raw and makes a lead of it unless it repeats an idempotency key or '
  'duplicates a lead (document number; phone or email within dedupe_window_hours), then routes it '
  'with assign_lead_atomic. p_intake: '
  'request_id, idempotency_key, content_type, raw_body, payload, headers, replay_of, error. '
  'p_lead: normalized fields (null = rejected). A failure after the intake insert is recorded on '
  'the intake row, which stays. Returns intake_id, outcome, lead_id, deduplicated, reason, status.';
grant execute on function public.ingest_lead(uuid, jsonb, jsonb) to service_role;
