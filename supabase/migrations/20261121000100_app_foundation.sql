-- Foundation shared by every domain: the private schema, default privileges, who the viewer
-- is, settings and "today".

-- On Supabase every function in `public` is a Data API endpoint. Internals live in `private`,
-- which the API does not expose. Signed-in users need `usage` only because RLS policies and
-- invoker functions they run call a few helpers in it; each such helper is granted by name.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- No function is executable by anybody unless granted beside its definition: Postgres grants
-- execute to PUBLIC by default, and Supabase grants every role execute on functions in public.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from public, anon, authenticated, service_role;

-- The application role travels in the JWT's app_metadata (set by the server for the local
-- admin, by Supabase Auth hooks in production). Policies compare against it.
create or replace function private.current_app_role() returns text
language sql stable
set search_path = ''
as $$
  select coalesce(auth.jwt() -> 'app_metadata' ->> 'role', 'none')
$$;
comment on function private.current_app_role() is
  'The viewer''s LeadOps role (admin | manager | caller | none) from the JWT app_metadata.';
grant execute on function private.current_app_role() to authenticated, service_role;

-- Staff: the roles that manage leads, callers, orders and rules (callers work their own leads).
create or replace function private.staff_roles() returns text[]
language sql immutable
set search_path = ''
as $$ select '{admin,manager}'::text[] $$;
grant execute on function private.staff_roles() to authenticated, service_role;

create or replace function private.is_staff() returns boolean
language sql stable
set search_path = ''
as $$
  select private.current_app_role() = any (private.staff_roles())
$$;
comment on function private.is_staff() is 'True when the viewer is an admin or a manager.';
grant execute on function private.is_staff() to authenticated, service_role;

-- Callers see and work their own leads.
create or replace function private.viewer_caller_id() returns uuid
language sql stable
set search_path = ''
as $$
  select nullif(auth.jwt() -> 'app_metadata' ->> 'caller_id', '')::uuid
$$;
comment on function private.viewer_caller_id() is 'The caller record the signed-in viewer works as, if any.';
grant execute on function private.viewer_caller_id() to authenticated, service_role;

create or replace function private.assert_app_role(p_roles text[], p_action text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  -- Requests that carry a user's claims must come from one of p_roles. The server's own
  -- connection and the SQL console carry none and are trusted.
  if auth.role() = 'authenticated' and not private.current_app_role() = any (p_roles) then
    raise exception 'only % can %', (select string_agg(r || 's', ' and ') from unnest(p_roles) as r), p_action
      using errcode = 'PT403';
  end if;
end
$$;
comment on function private.assert_app_role(text[], text) is
  'Raises PT403 unless the signed-in viewer has one of the roles; the first line of every RPC that writes.';

-- Who is acting, for audit columns: the signed-in user, else the database session.
create or replace function private.current_actor() returns text
language sql stable
set search_path = ''
as $$
  select coalesce(auth.jwt() ->> 'email', auth.uid()::text, session_user::text)
$$;

-- The actor to record: a signed-in user is who they are whatever they pass; the server and the
-- SQL console may name one (e.g. 'intake', 'stock sweep').
create or replace function private.actor_or(p_actor text) returns text
language sql stable
set search_path = ''
as $$
  select case when auth.role() = 'authenticated' then private.current_actor()
              else coalesce(p_actor, private.current_actor()) end
$$;

create or replace function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table public.app_settings (
  key text primary key check (key ~ '^[a-z][a-z0-9_]*$'),
  value jsonb not null,
  description text not null default '',
  updated_at timestamptz not null default now()
);
comment on table public.app_settings is
  'Tunable business settings (time zone, dedupe window, overflow policy, return rules, ...), one row each. '
  'Change them with set_setting(key, value), which checks the value.';

create trigger app_settings_updated_at before update on public.app_settings
  for each row execute function private.set_updated_at();

alter table public.app_settings enable row level security;
create policy "Staff can read settings" on public.app_settings
  for select to authenticated using ((select private.is_staff()));

insert into public.app_settings (key, value, description) values
  ('timezone', '"America/New_York"', 'Time zone of "today" (daily caps, dashboard counts), of callers'' working hours and of every time shown.'),
  ('dedupe_window_hours', '24', 'Same phone or email within this many hours is a duplicate.'),
  ('overflow_policy', '"stock"', 'When no caller is eligible: stock | fewest_today.'),
  ('global_pool', '"unrestricted"', 'Who takes leads no state-matched caller can: unrestricted (callers without states) | all_eligible.'),
  ('default_state_cap', '10', 'Leads per state per order when no cap is set.'),
  ('return_window_days', '7', 'Days after fulfillment during which leads can be returned.'),
  ('max_return_rate', '0.2', 'Largest share of an order''s leads that can be returned.')
on conflict (key) do nothing;

-- The one way SQL reads a setting, per kind of value. A missing or mistyped value falls back to
-- the default: a bad setting must never stop intake or routing.
-- plpgsql rather than sql: its plan is cached, and intake and routing read settings on every lead.
create or replace function private.setting_text(p_key text, p_default text) returns text
language plpgsql stable
set search_path = ''
as $$
begin
  return coalesce((select s.value #>> '{}' from public.app_settings s
                   where s.key = p_key and jsonb_typeof(s.value) = 'string'), p_default);
end
$$;
grant execute on function private.setting_text(text, text) to authenticated, service_role;

create or replace function private.setting_number(p_key text, p_default numeric) returns numeric
language plpgsql stable
set search_path = ''
as $$
begin
  return coalesce((select (s.value #>> '{}')::numeric from public.app_settings s
                   where s.key = p_key and jsonb_typeof(s.value) = 'number'), p_default);
end
$$;
grant execute on function private.setting_number(text, numeric) to authenticated, service_role;

-- The allowed values of each setting, checked when one is changed.
create or replace function private.setting_problem(p_key text, p_value jsonb) returns text
language sql stable
set search_path = ''
as $$
  select case
    when p_key = 'timezone' then
      -- Zones the browser and Node know too: not the database's posix/, right/ or Factory aliases.
      case when jsonb_typeof(p_value) is distinct from 'string' or not exists (
             select from pg_catalog.pg_timezone_names z
             where z.name = p_value #>> '{}' and z.name !~ '^(posix|right)/'
               and z.name not in ('Factory', 'posixrules', 'localtime'))
           then 'timezone must be an IANA time zone such as America/New_York' end
    when p_key = 'overflow_policy' then
      case when p_value is null or p_value not in ('"stock"', '"fewest_today"') then 'overflow_policy must be "stock" or "fewest_today"' end
    when p_key = 'global_pool' then
      case when p_value is null or p_value not in ('"unrestricted"', '"all_eligible"') then 'global_pool must be "unrestricted" or "all_eligible"' end
    when p_key = 'max_return_rate' then
      case when jsonb_typeof(p_value) is distinct from 'number' or (p_value #>> '{}')::numeric not between 0 and 1
           then 'max_return_rate must be a number from 0 to 1' end
    when p_key in ('dedupe_window_hours', 'default_state_cap', 'return_window_days') then
      -- Bounded so that the intervals and integer casts that read them can never overflow.
      case when jsonb_typeof(p_value) is distinct from 'number'
             or (p_value #>> '{}')::numeric not between 0 and
                case p_key when 'dedupe_window_hours' then 8760 when 'return_window_days' then 3650 else 1000000 end
             or (p_value #>> '{}')::numeric <> floor((p_value #>> '{}')::numeric)
           then p_key || ' must be a whole number from 0 to ' ||
                case p_key when 'dedupe_window_hours' then '8760' when 'return_window_days' then '3650' else '1000000' end end
    -- A setting added without a rule here cannot be changed until it has one.
    else 'no check is defined for ' || p_key
  end
$$;

create or replace function public.set_setting(p_key text, p_value jsonb) returns jsonb
language plpgsql
-- Definer: nobody writes app_settings directly; the admin check and the value check come first.
security definer
set search_path = ''
as $$
declare
  v_problem text;
begin
  perform private.assert_app_role('{admin}', 'change settings');
  if not exists (select from public.app_settings where key = p_key) then
    raise exception 'unknown setting %', p_key using errcode = 'PT404';
  end if;
  v_problem := private.setting_problem(p_key, p_value);
  if v_problem is not null then
    raise exception '%', v_problem using errcode = 'PT422';
  end if;
  update public.app_settings set value = p_value where key = p_key and value is distinct from p_value;
  return jsonb_build_object('key', p_key, 'value', p_value);
end
$$;
comment on function public.set_setting(text, jsonb) is
  'Admins: changes one setting after checking its value, e.g. select set_setting(''timezone'', ''"America/Chicago"'').';
grant execute on function public.set_setting(text, jsonb) to authenticated, service_role;

-- "Today" and every time shown are in this one zone; the dashboard asks for it too.
create or replace function public.app_time_zone() returns text
language sql stable
-- Definer: callers cannot read app_settings, but every member sees times in this zone.
security definer
set search_path = ''
as $$
  select private.setting_text('timezone', 'America/New_York')
$$;
comment on function public.app_time_zone() is
  'The time zone of "today" and of every time the dashboard shows (setting timezone).';
grant execute on function public.app_time_zone() to authenticated, service_role;

create or replace function private.local_day_start(p_at timestamptz, p_time_zone text)
returns timestamptz
language sql immutable strict
set search_path = ''
as $$
  -- Midnight of p_at's calendar day in p_time_zone; DST-correct because the conversion back
  -- uses the offset in force at that midnight, not at p_at.
  select (date_trunc('day', p_at at time zone p_time_zone)) at time zone p_time_zone
$$;
comment on function private.local_day_start(timestamptz, text) is
  'Start of the calendar day containing p_at in the given time zone (e.g. America/New_York).';
grant execute on function private.local_day_start(timestamptz, text) to authenticated, service_role;
