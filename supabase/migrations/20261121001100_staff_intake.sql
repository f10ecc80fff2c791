-- Staff add leads by hand, import them, and repair rejected or failed intakes, through the same
-- ingest_lead path as webhooks.

create or replace function private.stamp_actor(p_intake jsonb) returns jsonb
language sql stable
set search_path = ''
as $$
  -- Who did it comes from the session, not from what the caller says.
  select p_intake || jsonb_build_object('headers', coalesce(p_intake -> 'headers', '{}'::jsonb)
    || jsonb_build_object('actor', private.current_actor()))
$$;

create or replace function public.add_lead(p_source text, p_intake jsonb, p_lead jsonb)
returns jsonb
language plpgsql
-- Definer: staff have no insert rights on intake or leads; this function is their one way in,
-- and it checks that they are staff first.
security definer
set search_path = ''
as $$
declare
  v_source uuid;
begin
  perform private.assert_app_role(private.staff_roles(), 'add leads');
  -- Staff add leads under internal sources only: crediting a partner's webhook source is not theirs to do.
  select id into v_source from public.sources where name = p_source and kind = 'internal';
  if v_source is null then
    raise exception 'unknown internal source %', p_source using errcode = 'PT404';
  end if;
  return public.ingest_lead(v_source, private.stamp_actor(p_intake) - 'replay_of', p_lead);
end
$$;
comment on function public.add_lead(text, jsonb, jsonb) is
  'A lead entered by staff (dashboard form, CSV import): ingest_lead under the named source.';
grant execute on function public.add_lead(text, jsonb, jsonb) to authenticated, service_role;

create or replace function public.replay_intake(p_intake_id uuid, p_intake jsonb, p_lead jsonb)
returns jsonb
language plpgsql
-- Definer for the same reason as add_lead; the staff check comes first.
security definer
set search_path = ''
as $$
declare
  v_original public.lead_intake;
begin
  perform private.assert_app_role(private.staff_roles(), 'replay intakes');
  select * into v_original from public.lead_intake where id = p_intake_id;
  if not found then
    raise exception 'intake % not found', p_intake_id using errcode = 'PT404';
  end if;
  -- The sender's idempotency key carries over, so a replay and the sender's own retry of the
  -- same request cannot both make a lead.
  return public.ingest_lead(
    v_original.source_id,
    private.stamp_actor(p_intake) || jsonb_build_object(
      'replay_of', p_intake_id,
      'content_type', 'application/json',
      'idempotency_key', coalesce(nullif(p_intake ->> 'idempotency_key', ''), v_original.idempotency_key)),
    p_lead);
end
$$;
comment on function public.replay_intake(uuid, jsonb, jsonb) is
  'Repairs a rejected or failed intake: ingests the corrected payload under the original source, '
  'linked to it by replay_of.';
grant execute on function public.replay_intake(uuid, jsonb, jsonb) to authenticated, service_role;
