-- API keys for scripts, and request rate limits counted in the database (so they hold across
-- server processes).

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (name ~ '^[^[:cntrl:]]{1,100}$'),
  -- The first characters of the key, to tell keys apart in lists; the key itself is shown once.
  prefix text not null check (prefix ~ '^lok_[A-Za-z0-9_-]{4}$'),
  -- sha256 hex of the key. Keys are 256 random bits, so a plain hash is enough to store them.
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  role text not null check (role in ('admin', 'manager', 'caller')),
  -- A caller key works that caller's leads, as a caller member would.
  caller_id uuid references public.callers (id),
  rate_limit_per_minute integer not null default 600 check (rate_limit_per_minute between 1 and 1000000),
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_keys_caller_needs_caller check (role <> 'caller' or caller_id is not null)
);
comment on table public.api_keys is
  'Keys for Authorization: Bearer on the leads, orders, callers, scoring and audit APIs, each acting with one role. '
  'Create with create_api_key (the dashboard shows the key once), revoke with revoke_api_key.';

alter table public.api_keys enable row level security;
create policy "Admins can read API keys" on public.api_keys
  for select to authenticated using ((select private.current_app_role()) = 'admin');
-- Nobody signed in reads a key's hash, admins included.
revoke select on public.api_keys from anon, authenticated;
grant select (id, name, prefix, role, caller_id, rate_limit_per_minute, created_by, created_at, last_used_at, revoked_at)
  on public.api_keys to authenticated;

-- A request made with an API key carries the claims {sub: key id, api_key: true}: it acts as
-- a member with the key's role until the key is revoked. Members are looked up first.
create or replace function private.current_member() returns public.members
language sql stable
security definer
set search_path = ''
as $$
  select m from public.members m where m.user_id = auth.uid() and m.active
  union all
  select row(k.id, 'api key ' || k.name, k.role, k.caller_id, true, k.created_at, k.created_at)::public.members
  from public.api_keys k
  where k.id = auth.uid() and auth.jwt() ->> 'api_key' = 'true' and k.revoked_at is null
  limit 1
$$;

create or replace function public.create_api_key(
  p_name text, p_key_hash text, p_prefix text, p_role text, p_caller_id uuid default null, p_rate_limit_per_minute integer default 600
) returns jsonb
language plpgsql
-- Definer: admins cannot write api_keys directly (nor read the hash back); the check comes first.
security definer
set search_path = ''
as $$
declare
  v_key public.api_keys;
  v_problem text;
begin
  perform private.assert_app_role('{admin}', 'manage API keys');
  v_problem := case
    when p_name is null or p_name !~ '^[^[:cntrl:]]{1,100}$' then 'name must be 1-100 characters'
    when p_rate_limit_per_minute is null or p_rate_limit_per_minute not between 1 and 1000000 then 'rate_limit_per_minute must be from 1 to 1000000'
    else private.member_problem(p_role, p_caller_id, null)
  end;
  -- member_problem also refuses a caller another member works as; a key may share a caller.
  if v_problem = 'another member already works as that caller' then
    v_problem := null;
  end if;
  if v_problem is not null then
    raise exception '%', v_problem using errcode = 'PT422';
  end if;
  insert into public.api_keys (name, prefix, key_hash, role, caller_id, rate_limit_per_minute, created_by)
  values (p_name, p_prefix, p_key_hash, p_role, p_caller_id, p_rate_limit_per_minute, private.current_actor())
  on conflict (name) do nothing
  returning * into v_key;
  if v_key.id is null then
    raise exception 'an API key named % already exists', p_name using errcode = 'PT409';
  end if;
  return to_jsonb(v_key) - 'key_hash';
end
$$;
comment on function public.create_api_key(text, text, text, text, uuid, integer) is
  'Admins: registers an API key by the sha256 hex of its secret (the dashboard generates the key and shows it once).';
grant execute on function public.create_api_key(text, text, text, text, uuid, integer) to authenticated, service_role;

create or replace function public.revoke_api_key(p_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key public.api_keys;
begin
  perform private.assert_app_role('{admin}', 'manage API keys');
  update public.api_keys set revoked_at = coalesce(revoked_at, now()) where id = p_id returning * into v_key;
  if v_key.id is null then
    raise exception 'no API key %', p_id using errcode = 'PT404';
  end if;
  return to_jsonb(v_key) - 'key_hash';
end
$$;
comment on function public.revoke_api_key(uuid) is 'Admins: revokes an API key; requests with it are refused from then on.';
grant execute on function public.revoke_api_key(uuid) to authenticated, service_role;

-- Requests per subject (an API key, a source) per minute. Unlogged: counts are worth nothing
-- after a crash, and not writing them to the WAL keeps the counter cheap.
create unlogged table private.rate_windows (
  subject text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (subject, window_start)
);

/*
 * Counts one request of p_subject against p_limit per minute. Returns 0 when it may go ahead,
 * else the seconds until the current minute's window ends (Retry-After). A fixed window: up
 * to twice the limit can pass around a minute boundary, which is fine for abuse control.
 */
create or replace function private.take_rate_token(p_subject text, p_limit integer) returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_window timestamptz := date_trunc('minute', now());
  v_hits integer;
begin
  insert into private.rate_windows as w (subject, window_start, hits) values (p_subject, v_window, 1)
  on conflict (subject, window_start) do update set hits = w.hits + 1
  returning hits into v_hits;
  if v_hits = 1 then
    -- The first request of a minute clears this subject's older windows.
    delete from private.rate_windows where subject = p_subject and window_start < v_window;
  end if;
  if v_hits <= p_limit then
    return 0;
  end if;
  return greatest(1, ceil(extract(epoch from v_window + interval '1 minute' - clock_timestamp()))::integer);
end
$$;
comment on function private.take_rate_token(text, integer) is
  'Counts a request against a per-minute limit; 0 = go ahead, else seconds to wait.';

/*
 * The server's one call per API-key request: the key (if it exists and is not revoked) and
 * whether this request is within its rate limit. last_used_at is written at most once a
 * minute, so a busy key does not rewrite its row on every request.
 */
create or replace function private.authenticate_api_key(p_key_hash text)
returns table (id uuid, name text, role text, caller_id uuid, retry_after integer)
language plpgsql
set search_path = ''
as $$
declare
  v_key public.api_keys;
begin
  select * into v_key from public.api_keys k where k.key_hash = p_key_hash and k.revoked_at is null;
  if v_key.id is null then
    return;
  end if;
  if v_key.last_used_at is null or v_key.last_used_at < now() - interval '1 minute' then
    update public.api_keys k set last_used_at = now() where k.id = v_key.id;
  end if;
  return query select v_key.id, v_key.name, v_key.role, v_key.caller_id,
    private.take_rate_token('key:' || v_key.id, v_key.rate_limit_per_minute);
end
$$;
comment on function private.authenticate_api_key(text) is
  'For the server: the live API key with this hash, and seconds to wait if it is over its rate limit (0 = go ahead).';

-- Sources may have a rate limit too (none by default: a landing page's bursts are welcome).
alter table public.sources add column rate_limit_per_minute integer
  check (rate_limit_per_minute between 1 and 1000000);
grant select (rate_limit_per_minute) on public.sources to authenticated;

create or replace function public.set_source_rate_limit(p_source_id uuid, p_rate_limit_per_minute integer) returns jsonb
language plpgsql
-- Definer: admins have no update rights on sources; the admin check comes first.
security definer
set search_path = ''
as $$
declare
  v_source public.sources;
begin
  perform private.assert_app_role('{admin}', 'manage sources');
  if p_rate_limit_per_minute is not null and p_rate_limit_per_minute not between 1 and 1000000 then
    raise exception 'rate_limit_per_minute must be from 1 to 1000000, or null for no limit' using errcode = 'PT422';
  end if;
  update public.sources set rate_limit_per_minute = p_rate_limit_per_minute where id = p_source_id returning * into v_source;
  if v_source.id is null then
    raise exception 'no source %', p_source_id using errcode = 'PT404';
  end if;
  return private.source_json(v_source);
end
$$;
comment on function public.set_source_rate_limit(uuid, integer) is
  'Admins: requests per minute a webhook source may send (null = no limit); past it, intake answers 429.';
grant execute on function public.set_source_rate_limit(uuid, integer) to authenticated, service_role;
