-- Managing intake sources: create, rotate a secret (two valid during the rotation), end the
-- rotation, activate or deactivate. Secrets arrive already hashed: the database never sees one.

alter table public.sources
  add column rotating boolean generated always as (previous_secret_hash is not null) stored;

-- Secret hashes verify X-Signature, so whoever reads them could sign requests: only the server
-- (its own connection, service_role) reads them, never a signed-in user or the anon key.
revoke select on public.sources from anon, authenticated;
grant select (id, name, kind, active, rotating, created_at, updated_at) on public.sources to authenticated;

create or replace function private.source_json(p_source public.sources) returns jsonb
language sql immutable
set search_path = ''
as $$
  select to_jsonb(p_source) - 'secret_hash' - 'previous_secret_hash'
$$;
comment on function private.source_json(public.sources) is 'A source as callers may see it: without its secret hashes.';

create or replace function public.create_source(p_name text, p_secret_hash text)
returns jsonb
language plpgsql
-- Definer: admins have no insert rights on sources; the admin check comes first.
security definer
set search_path = ''
as $$
declare
  v_source public.sources;
begin
  perform private.assert_app_role('{admin}', 'manage sources');
  if private.source_name_problem(p_name) is not null then
    raise exception '%', private.source_name_problem(p_name) using errcode = 'PT400';
  end if;
  insert into public.sources (name, secret_hash) values (p_name, p_secret_hash)
  on conflict (name) do nothing
  returning * into v_source;
  if v_source.id is null then
    raise exception 'a source named % already exists', p_name using errcode = 'PT409';
  end if;
  return private.source_json(v_source);
end
$$;
comment on function public.create_source(text, text) is
  'Creates a webhook source; p_secret_hash is the sha256 hex of its secret.';
grant execute on function public.create_source(text, text) to authenticated, service_role;

create or replace function public.update_source(
  p_source_id uuid,
  p_new_secret_hash text default null,
  p_end_rotation boolean default false,
  p_active boolean default null
) returns jsonb
language plpgsql
-- Definer for the same reason as create_source.
security definer
set search_path = ''
as $$
declare
  v_source public.sources;
begin
  perform private.assert_app_role('{admin}', 'manage sources');
  -- No key update: intake inserts referencing the source keep flowing during a rotation.
  select * into v_source from public.sources where id = p_source_id for no key update;
  if not found then
    raise exception 'source % not found', p_source_id using errcode = 'PT404';
  end if;
  if v_source.kind <> 'webhook' then
    raise exception 'source % is internal and takes no requests', v_source.name using errcode = 'PT409';
  end if;
  if p_new_secret_hash is not null and p_end_rotation then
    raise exception 'rotate or end a rotation, not both' using errcode = 'PT400';
  end if;
  update public.sources set
    -- Rotating keeps the current secret valid as the previous one until the rotation ends.
    previous_secret_hash = case
      when p_new_secret_hash is not null then secret_hash
      when p_end_rotation then null
      else previous_secret_hash end,
    secret_hash = coalesce(p_new_secret_hash, secret_hash),
    active = coalesce(p_active, active)
  where id = p_source_id
  returning * into v_source;
  return private.source_json(v_source);
end
$$;
comment on function public.update_source(uuid, text, boolean, boolean) is
  'Rotates a source''s secret (the old one stays valid until p_end_rotation), ends a rotation, '
  'or (de)activates the source.';
grant execute on function public.update_source(uuid, text, boolean, boolean) to authenticated, service_role;
