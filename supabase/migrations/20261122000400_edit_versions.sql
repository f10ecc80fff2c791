-- Edit versions: several people edit the same callers, scoring rules, state caps and settings.
-- Each of these carries an integer version that goes up with every change; a save may say
-- which version it started from (p_expected_version), and a save over a newer version is
-- refused with PT409 and the record as it is now, as JSON, in the exception's DETAIL. Without
-- an expected version a save works as before: the last write wins.
--
-- Integers rather than updated_at: a version compares exactly wherever it travels (a JSON
-- number, a hidden form field), whereas a timestamp sent back by a client loses its
-- microseconds on the way (JavaScript dates, postgres.js binding strings through new Date());
-- and updated_at moves when routing stamps a caller's last_assigned_at, which is no edit.
-- Versions move in triggers, so that a change made in the SQL console counts as an edit too.

/*
 * Trigger: new.version = old.version + 1 when a row really changes, else old.version (so a
 * version can neither stand still through an edit nor be set by hand). Its arguments name the
 * bookkeeping columns the application moves by itself, which make no new version; updated_at
 * and version are always left out.
 */
create or replace function private.bump_edit_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- tg_argv is null, not empty, when the trigger has no arguments.
  if (to_jsonb(new) - coalesce(tg_argv, '{}') - '{version,updated_at}'::text[])
     is distinct from (to_jsonb(old) - coalesce(tg_argv, '{}') - '{version,updated_at}'::text[]) then
    new.version := old.version + 1;
  else
    new.version := old.version;
  end if;
  return new;
end
$$;
comment on function private.bump_edit_version() is
  'Trigger: moves a row''s edit version up by one when anything but the bookkeeping columns named as arguments changes.';

-- Callers -------------------------------------------------------------------------------------

alter table public.callers add column version integer not null default 1;
comment on column public.callers.version is
  'Edit version, up by one with every change people make (routing''s last_assigned_at does not count). '
  'save_caller(id, fields, expected_version) refuses a save made from an older version.';
create trigger callers_edit_version before update on public.callers
  for each row execute function private.bump_edit_version('last_assigned_at');

/*
 * Creates (p_id null) or changes a caller from a JSON object of the fields to set: name, email,
 * active, assigned_states, business_line, languages, daily_lead_limit, hourly_lead_limit,
 * max_open_leads, working_hours, away_until. Unknown states or lines are refused by name.
 * With p_expected_version, a change to a caller that is no longer at that version is refused
 * (PT409, the caller as it is now in DETAIL).
 */
drop function public.save_caller(uuid, jsonb);
create function public.save_caller(p_id uuid, p_fields jsonb, p_expected_version integer default null)
returns public.callers
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller public.callers;
  v_bad text;
begin
  perform private.assert_app_role(private.staff_roles(), 'manage callers');
  if p_fields ? 'assigned_states' then
    select string_agg(s, ', ') into v_bad
    from jsonb_array_elements_text(p_fields -> 'assigned_states') s
    where not exists (select from public.us_states u where u.code = s);
    if v_bad is not null then
      raise exception 'unknown state code(s): %', v_bad using errcode = 'PT422';
    end if;
  end if;
  if nullif(p_fields ->> 'business_line', '') is not null
     and not exists (select from public.business_lines b where b.code = p_fields ->> 'business_line') then
    raise exception 'unknown business line %', p_fields ->> 'business_line' using errcode = 'PT422';
  end if;

  if p_id is null then
    insert into public.callers (name) values (coalesce(nullif(trim(p_fields ->> 'name'), ''), 'Unnamed caller'))
    returning * into v_caller;
  else
    -- Locked, so concurrent saves of one caller compare their versions one after the other.
    select * into v_caller from public.callers where id = p_id for update;
    if not found then
      raise exception 'caller % not found', p_id using errcode = 'PT404';
    end if;
    if p_expected_version is not null and p_expected_version <> v_caller.version then
      raise exception 'caller % was changed by someone else since version % (it is at version % now)',
        v_caller.name, p_expected_version, v_caller.version
        using errcode = 'PT409', detail = to_jsonb(v_caller)::text;
    end if;
  end if;

  begin
  update public.callers c set
    name = case when p_fields ? 'name' then coalesce(nullif(trim(p_fields ->> 'name'), ''), c.name) else c.name end,
    email = case when p_fields ? 'email' then lower(nullif(trim(p_fields ->> 'email'), '')) else c.email end,
    active = case when p_fields ? 'active' then (p_fields ->> 'active')::boolean else c.active end,
    assigned_states = case when p_fields ? 'assigned_states'
      then array(select distinct jsonb_array_elements_text(p_fields -> 'assigned_states') order by 1) else c.assigned_states end,
    business_line = case when p_fields ? 'business_line' then nullif(p_fields ->> 'business_line', '') else c.business_line end,
    languages = case when p_fields ? 'languages'
      then array(select distinct lower(jsonb_array_elements_text(p_fields -> 'languages')) order by 1) else c.languages end,
    daily_lead_limit = case when p_fields ? 'daily_lead_limit' then (p_fields ->> 'daily_lead_limit')::int else c.daily_lead_limit end,
    hourly_lead_limit = case when p_fields ? 'hourly_lead_limit' then (p_fields ->> 'hourly_lead_limit')::int else c.hourly_lead_limit end,
    max_open_leads = case when p_fields ? 'max_open_leads' then (p_fields ->> 'max_open_leads')::int else c.max_open_leads end,
    working_hours = case when p_fields ? 'working_hours' then nullif(p_fields -> 'working_hours', 'null'::jsonb) else c.working_hours end,
    away_until = case when p_fields ? 'away_until' then (p_fields ->> 'away_until')::timestamptz else c.away_until end
  where c.id = v_caller.id
  returning * into v_caller;
  exception
    when unique_violation then
      raise exception 'another caller has the email %', p_fields ->> 'email' using errcode = 'PT409';
    when check_violation then
      raise exception '%', coalesce(private.working_hours_problem(p_fields -> 'working_hours'), sqlerrm) using errcode = 'PT422';
  end;
  return v_caller;
end
$$;
comment on function public.save_caller(uuid, jsonb, integer) is
  'Creates (p_id null) or updates a caller from the JSON fields given; the others stay as they are. '
  'p_expected_version (optional): refuse with PT409 and the current caller if it has changed since that version.';
grant execute on function public.save_caller(uuid, jsonb, integer) to authenticated, service_role;

-- Settings ------------------------------------------------------------------------------------

alter table public.app_settings add column version integer not null default 1;
comment on column public.app_settings.version is
  'Edit version of the setting, up by one with every change of its value; see set_setting.';
create trigger app_settings_edit_version before update on public.app_settings
  for each row execute function private.bump_edit_version();

drop function public.set_setting(text, jsonb);
create function public.set_setting(p_key text, p_value jsonb, p_expected_version integer default null) returns jsonb
language plpgsql
-- Definer: nobody writes app_settings directly; the admin check and the value check come first.
security definer
set search_path = ''
as $$
declare
  v_setting public.app_settings;
  v_problem text;
begin
  perform private.assert_app_role('{admin}', 'change settings');
  select * into v_setting from public.app_settings where key = p_key for update;
  if not found then
    raise exception 'unknown setting %', p_key using errcode = 'PT404';
  end if;
  v_problem := private.setting_problem(p_key, p_value);
  if v_problem is not null then
    raise exception '%', v_problem using errcode = 'PT422';
  end if;
  if p_expected_version is not null and p_expected_version <> v_setting.version then
    raise exception 'setting % was changed by someone else since version % (it is at version % now)',
      p_key, p_expected_version, v_setting.version
      using errcode = 'PT409',
            detail = jsonb_build_object('key', v_setting.key, 'value', v_setting.value, 'version', v_setting.version)::text;
  end if;
  update public.app_settings set value = p_value where key = p_key and value is distinct from p_value;
  select * into v_setting from public.app_settings where key = p_key;
  return jsonb_build_object('key', v_setting.key, 'value', v_setting.value, 'version', v_setting.version);
end
$$;
comment on function public.set_setting(text, jsonb, integer) is
  'Admins: changes one setting after checking its value, e.g. select set_setting(''timezone'', ''"America/Chicago"''). '
  'p_expected_version (optional): refuse with PT409 and the current {key, value, version} if it has changed since that version.';
grant execute on function public.set_setting(text, jsonb, integer) to authenticated, service_role;

-- State caps ----------------------------------------------------------------------------------

-- The caps are edited as one list, so they share one version, kept in a single row.
create table public.state_caps_version (
  only_row boolean primary key default true check (only_row),
  version integer not null default 1,
  -- The transaction that last moved the version: one transaction is one version, however many
  -- caps it changes.
  changed_in xid8,
  updated_at timestamptz not null default now()
);
comment on table public.state_caps_version is
  'Edit version of the state caps as a whole (one row), up by one with every transaction that changes them; see set_state_caps.';
insert into public.state_caps_version default values;
alter table public.state_caps_version enable row level security;
create policy "Staff can read the state caps version" on public.state_caps_version
  for select to authenticated using ((select private.is_staff()));

create or replace function private.bump_state_caps_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.state_caps_version
  set version = version + 1, changed_in = pg_catalog.pg_current_xact_id(), updated_at = now()
  where changed_in is distinct from pg_catalog.pg_current_xact_id();
  return null;
end
$$;
comment on function private.bump_state_caps_version() is
  'Trigger: a change to state_caps moves their shared version up by one, once per transaction.';
create trigger state_caps_version_on_insert_or_delete after insert or delete on public.state_caps
  for each row execute function private.bump_state_caps_version();
create trigger state_caps_version_on_update after update on public.state_caps
  for each row when (old.state is distinct from new.state or old.cap is distinct from new.cap)
  execute function private.bump_state_caps_version();
create trigger state_caps_version_on_truncate after truncate on public.state_caps
  for each statement execute function private.bump_state_caps_version();

-- The caps as the API shows them: {"CA":20,…,"version":n} (state codes are two letters, so
-- "version" never names a state).
create or replace function private.state_caps_json() returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce((select jsonb_object_agg(state, cap) from public.state_caps), '{}'::jsonb)
         || jsonb_build_object('version', (select version from public.state_caps_version))
$$;
comment on function private.state_caps_json() is 'Every global state cap and their version, as {"CA":20,…,"version":n}.';

drop function public.set_state_caps(jsonb);
create function public.set_state_caps(p_caps jsonb, p_expected_version integer default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_bad text;
  v_version integer;
begin
  perform private.assert_app_role(private.staff_roles(), 'set state caps');
  select string_agg(key, ', ') into v_bad from jsonb_each(p_caps)
  where not exists (select from public.us_states where code = upper(key))
     or jsonb_typeof(value) not in ('number', 'null') or (value #>> '{}')::numeric < 0;
  if v_bad is not null then
    raise exception 'caps must be non-negative numbers (or null to remove) for known states: %', v_bad using errcode = 'PT422';
  end if;
  -- Locked, so concurrent saves compare their versions one after the other.
  select version into v_version from public.state_caps_version for update;
  if p_expected_version is not null and p_expected_version <> v_version then
    raise exception 'state caps were changed by someone else since version % (they are at version % now)',
      p_expected_version, v_version
      using errcode = 'PT409', detail = private.state_caps_json()::text;
  end if;
  delete from public.state_caps where state in (select upper(key) from jsonb_each(p_caps) where jsonb_typeof(value) = 'null');
  insert into public.state_caps (state, cap)
  select upper(key), (value #>> '{}')::int from jsonb_each(p_caps) where jsonb_typeof(value) = 'number'
  on conflict (state) do update set cap = excluded.cap, updated_at = now();
  return private.state_caps_json();
end
$$;
comment on function public.set_state_caps(jsonb, integer) is
  'Sets global per-state caps, e.g. {"CA":10}; null removes a cap. Returns them all with their version. '
  'p_expected_version (optional): refuse with PT409 and the current caps if they have changed since that version.';
grant execute on function public.set_state_caps(jsonb, integer) to authenticated, service_role;

-- Scoring rules -------------------------------------------------------------------------------
-- Their version already exists: every save is a new scoring_rule_versions row.

-- The rules as the Scoring page and GET /api/scoring/rules show them, with their version.
create or replace function private.scoring_rules_json() returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'version', private.scoring_version(),
    'rules', coalesce((select jsonb_agg(jsonb_build_object('event_type', r.event_type, 'points', r.points,
                         'max_per_lead', r.max_per_lead, 'window_days', r.window_days, 'active', r.active, 'version', r.version)
                       order by r.points desc, r.event_type)
                       from public.scoring_rules r), '[]'::jsonb))
$$;
comment on function private.scoring_rules_json() is 'The scoring rules in force and their version, as {"version":n,"rules":[…]}.';

/*
 * Replaces the rules with p_rules (a JSON array) as a new version; returns the version. With
 * p_expected_version, a save made from an older version than the current one is refused
 * (PT409, the current rules in DETAIL).
 */
drop function public.save_scoring_rules(jsonb);
create function public.save_scoring_rules(p_rules jsonb, p_expected_version integer default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_version integer;
begin
  perform private.assert_app_role(private.staff_roles(), 'change scoring rules');
  if jsonb_typeof(p_rules) is distinct from 'array' or exists (
    select from jsonb_to_recordset(p_rules) as x(event_type text, points integer)
    where private.event_type_problem(x.event_type) is not null or x.points is null) then
    raise exception 'rules must be an array of {event_type, points, max_per_lead?, window_days?, active?}' using errcode = 'PT422';
  end if;
  -- One save at a time, so two saves never claim the same version number, and a save compares
  -- its expected version with the one the previous save left.
  perform pg_advisory_xact_lock(hashtextextended('scoring-rules', 0));
  v_version := private.scoring_version();
  if p_expected_version is not null and p_expected_version <> v_version then
    raise exception 'scoring rules were changed by someone else since version % (they are at version % now)',
      p_expected_version, v_version
      using errcode = 'PT409', detail = private.scoring_rules_json()::text;
  end if;
  v_version := v_version + 1;
  delete from public.scoring_rules where event_type not in (select x ->> 'event_type' from jsonb_array_elements(p_rules) x);
  insert into public.scoring_rules (event_type, points, max_per_lead, window_days, active, version, updated_at)
  select x.event_type, x.points, x.max_per_lead, x.window_days, coalesce(x.active, true), v_version, now()
  from jsonb_to_recordset(p_rules) as x(event_type text, points integer, max_per_lead integer, window_days integer, active boolean)
  on conflict (event_type) do update set
    points = excluded.points, max_per_lead = excluded.max_per_lead, window_days = excluded.window_days,
    active = excluded.active,
    version = case when (scoring_rules.points, scoring_rules.max_per_lead, scoring_rules.window_days, scoring_rules.active)
                   is distinct from (excluded.points, excluded.max_per_lead, excluded.window_days, excluded.active)
              then excluded.version else scoring_rules.version end,
    updated_at = now();
  insert into public.scoring_rule_versions (version, rules, created_by)
  select v_version, coalesce(jsonb_agg(to_jsonb(r) - 'updated_at' - 'version' order by r.event_type), '[]'::jsonb),
         private.current_actor()
  from public.scoring_rules r;
  return v_version;
end
$$;
comment on function public.save_scoring_rules(jsonb, integer) is
  'Replaces the scoring rules as a new version. Stored scores follow when re-scored (start_rescore / '
  'recompute_scores), or for one lead when its next event arrives. '
  'p_expected_version (optional): refuse with PT409 and the current rules if they have changed since that version.';
grant execute on function public.save_scoring_rules(jsonb, integer) to authenticated, service_role;
