-- Routing: which caller takes a lead, and why. assign_lead_atomic is the single place a lead is
-- routed by the rules; manual assignment, unassignment and status changes sit beside it.

-- The lead, locked for the rest of the transaction, or a PT404.
create or replace function private.lead_for_update(p_lead_id uuid) returns public.leads
language plpgsql
set search_path = ''
as $$
declare
  v_lead public.leads;
begin
  select * into v_lead from public.leads where id = p_lead_id for update;
  if not found then
    raise exception 'lead % not found', p_lead_id using errcode = 'PT404';
  end if;
  return v_lead;
end
$$;

-- Working hours are read on every routing decision: a malformed value must never get in. The
-- one definition of their format: what is wrong with a value, in words (null = valid). The
-- dashboard shows this message; the check constraint and save_caller use it.
create or replace function private.working_hours_problem(p_hours jsonb) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p_hours is null or p_hours = 'null'::jsonb then null
    when jsonb_typeof(p_hours) <> 'object' then 'working_hours must be an object such as {"mon":[["09:00","17:00"]]}'
    else (
      select coalesce(
        (select 'unknown day ' || d.key || ' (use mon, tue, wed, thu, fri, sat, sun)' from jsonb_each(p_hours) d
         where d.key not in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun') limit 1),
        (select 'working_hours.' || d.key || ' must be a list of ["HH:MM","HH:MM"] spans' from jsonb_each(p_hours) d
         where jsonb_typeof(d.value) <> 'array' or exists (
           select from jsonb_array_elements(d.value) span
           where jsonb_typeof(span) <> 'array' or jsonb_array_length(span) <> 2
              or not coalesce(span ->> 0 ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$', false)
              or not coalesce(span ->> 1 ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$', false)) limit 1),
        (select 'working_hours.' || d.key || ': ' || (span ->> 0) || '-' || (span ->> 1) || ' must end after it starts'
         from jsonb_each(p_hours) d, jsonb_array_elements(d.value) span
         where span ->> 0 >= span ->> 1 limit 1)))
  end
$$;
-- Pure, and evaluated by the check constraint below for whoever writes the row.
grant execute on function private.working_hours_problem(jsonb) to authenticated, service_role;
alter table public.callers add constraint callers_working_hours_check
  check (private.working_hours_problem(working_hours) is null);

-- The statuses in which a lead is being worked by its caller: they count as the caller's open
-- load, and only these can be taken back to stock. (The partial index below repeats the list
-- because an index predicate must be literal; keep the two together.)
create or replace function private.open_statuses() returns text[]
language sql immutable
set search_path = ''
as $$ select '{assigned,contacted}'::text[] $$;
grant execute on function private.open_statuses() to authenticated, service_role;

-- The statuses from which a lead can be given to a caller by hand: in stock, or being worked.
create or replace function private.assignable_statuses() returns text[]
language sql immutable
set search_path = ''
as $$ select '{new}'::text[] || private.open_statuses() $$;
grant execute on function private.assignable_statuses() to authenticated, service_role;

-- Open leads per caller are counted on every routing decision.
create index leads_open_by_caller_idx on public.leads (assigned_caller_id) where status in ('assigned', 'contacted');

-- How a caller moves a lead they work. update_lead_status allows exactly these; the lead page
-- offers exactly these.
create table public.lead_status_transitions (
  from_status text not null,
  to_status text not null,
  primary key (from_status, to_status)
);
comment on table public.lead_status_transitions is
  'The status changes a caller can make: assigned -> contacted -> qualified -> won | lost, and the shortcuts.';
alter table public.lead_status_transitions enable row level security;
create policy "Members can read status transitions" on public.lead_status_transitions
  for select to authenticated using (true);
insert into public.lead_status_transitions (from_status, to_status) values
  ('assigned', 'contacted'), ('assigned', 'lost'),
  ('contacted', 'qualified'), ('contacted', 'won'), ('contacted', 'lost'),
  ('qualified', 'won'), ('qualified', 'lost');

create table public.lead_status_history (
  id bigint generated always as identity primary key,
  lead_id uuid not null references public.leads (id),
  from_status text not null,
  to_status text not null,
  note text,
  actor text not null,
  changed_at timestamptz not null default now()
);
comment on table public.lead_status_history is 'Every status change a person made to a lead, with their note.';
create index lead_status_history_lead_idx on public.lead_status_history (lead_id, changed_at);
alter table public.lead_status_history enable row level security;
create policy "Staff can read status history" on public.lead_status_history
  for select to authenticated using ((select private.is_staff()));

-- Callers see and work their own leads.
create policy "Callers can read their own leads" on public.leads
  for select to authenticated using (assigned_caller_id = (select private.viewer_caller_id()));
create policy "Callers can read their own status history" on public.lead_status_history
  for select to authenticated using (exists (
    select from public.leads l where l.id = lead_id and l.assigned_caller_id = (select private.viewer_caller_id())));

/*
 * Each caller's load at p_at (default now): assignments since the start of that day in the app
 * time zone, in the hour before, and open leads. The one definition of a caller's load:
 * routing's caps and the Callers page both read it.
 */
create or replace function public.caller_loads(p_at timestamptz default null)
returns table (caller_id uuid, assigned_today integer, assigned_last_hour integer, open_leads integer)
-- plpgsql for a cached plan: routing calls this on every new lead.
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_at timestamptz := coalesce(p_at, clock_timestamp());
  v_day_start timestamptz := private.local_day_start(v_at, public.app_time_zone());
begin
  return query
  select c.id,
    (select count(*)::int from public.lead_assignments a
      where a.caller_id = c.id and a.assigned_at >= v_day_start and a.assigned_at <= v_at),
    (select count(*)::int from public.lead_assignments a
      where a.caller_id = c.id and a.assigned_at > v_at - interval '1 hour' and a.assigned_at <= v_at),
    (select count(*)::int from public.leads o
      where o.assigned_caller_id = c.id and o.status = any (private.open_statuses()))
  from public.callers c;
end
$$;
comment on function public.caller_loads(timestamptz) is
  'Each caller''s leads today (app time zone), in the last hour, and open (assigned or contacted), as routing counts them.';
grant execute on function public.caller_loads(timestamptz) to authenticated, service_role;

-- Why routing passes a caller over. Decisions read the code; people read the message beside it.
create type public.ruled_out_code as enum (
  'inactive', 'away', 'outside_hours', 'wrong_line', 'other_states', 'daily_cap', 'hourly_cap', 'open_cap'
);
comment on type public.ruled_out_code is 'Why routing passed a caller over; ruled_out holds the same in words.';

/*
 * Every caller with what routing thinks of them for this lead at p_at: the tier they would
 * serve in, their load, and why they are ruled out (null when eligible). Read-only: the lead
 * page shows it, and assign_lead_atomic calls it again once it holds its locks.
 */
create type public.routing_candidate as (
  caller_id uuid, name text, tier text, language_match boolean, last_assigned_at timestamptz,
  assigned_today integer, daily_limit integer, assigned_last_hour integer, hourly_limit integer,
  open_leads integer, max_open_leads integer, ruled_out_code public.ruled_out_code, ruled_out text
);

create or replace function public.routing_candidates(p_lead_id uuid, p_at timestamptz default null)
returns setof public.routing_candidate
-- plpgsql rather than sql: its query plan is cached across calls, and routing calls this on
-- every new lead (a SQL function with SET is planned afresh each time).
language plpgsql stable
set search_path = ''
as $$
begin
  return query
  with ctx as (
    select l.state as lead_state, l.business_line as lead_line, l.language as lead_language,
           coalesce(p_at, clock_timestamp()) as at,
           public.app_time_zone() as tz,
           private.setting_text('global_pool', 'unrestricted') = 'all_eligible' as pool_all
    from public.leads l where l.id = p_lead_id
  ), load as (
    select c.id, c.name, c.active, c.assigned_states, c.business_line, c.languages, c.daily_lead_limit,
      c.hourly_lead_limit, c.max_open_leads, c.working_hours, c.away_until, c.last_assigned_at, ctx.*,
      cl.assigned_today as today, cl.assigned_last_hour as last_hour, cl.open_leads as open_count,
      lower(to_char(ctx.at at time zone ctx.tz, 'dy')) as weekday,
      (ctx.at at time zone ctx.tz)::time as local_time
    from public.callers c cross join ctx
    join public.caller_loads(ctx.at) cl on cl.caller_id = c.id
  ), judged as (
    select load.*,
      case
        when not active then 'inactive'
        when away_until is not null and away_until > at then 'away'
        when working_hours is not null and not exists (
          select from jsonb_array_elements(coalesce(working_hours -> weekday, '[]'::jsonb)) as span
          where local_time >= (span ->> 0)::time and local_time < (span ->> 1)::time
        ) then 'outside_hours'
        when lead_line is not null and business_line is not null and business_line <> lead_line then 'wrong_line'
        when not (lead_state is not null and lead_state = any (assigned_states))
          and cardinality(assigned_states) > 0 and not pool_all then 'other_states'
        when today >= daily_lead_limit then 'daily_cap'
        when hourly_lead_limit is not null and last_hour >= hourly_lead_limit then 'hourly_cap'
        when max_open_leads is not null and open_count >= max_open_leads then 'open_cap'
      end::public.ruled_out_code as code
    from load
  )
  select id, name,
    case when lead_state is not null and lead_state = any (assigned_states) then 'state_match'
         when cardinality(assigned_states) = 0 or pool_all then 'global_pool' end,
    lead_language is not null and lead_language = any (languages),
    last_assigned_at, today, daily_lead_limit, last_hour, hourly_lead_limit, open_count, max_open_leads,
    code,
    case code
      when 'inactive' then 'inactive'
      when 'away' then 'away until ' || to_char(away_until at time zone tz, 'YYYY-MM-DD HH24:MI')
      when 'outside_hours' then 'outside working hours'
      when 'wrong_line' then 'wrong business line (' || business_line || ')'
      when 'other_states' then 'covers other states (' || array_to_string(assigned_states, ', ') || ')'
      when 'daily_cap' then format('at daily cap %s/%s', today, daily_lead_limit)
      when 'hourly_cap' then format('at hourly cap %s/%s', last_hour, hourly_lead_limit)
      when 'open_cap' then format('at open-lead limit %s/%s', open_count, max_open_leads)
    end
  from judged
  order by name;
end
$$;
comment on function public.routing_candidates(uuid, timestamptz) is
  'Each caller''s tier, load and reason to be ruled out (code and words; null = eligible) for a lead, as routing sees it.';
grant execute on function public.routing_candidates(uuid, timestamptz) to authenticated, service_role;

/*
 * Routes one lead in stock by the rules, in the caller's transaction. Returns what happened:
 * {assigned, caller_id, caller_name, reason, candidates}. Safe under any concurrency:
 * - the lead row is locked, so a lead is assigned at most once;
 * - every caller who could take it is locked (in id order, so concurrent routings never
 *   deadlock) and the loads are read again after the locks are held, so no cap is overrun and
 *   no eligible caller is skipped (skip locked would do exactly that under load);
 * - among equals the least recently assigned wins, read under the same locks.
 */
create or replace function public.assign_lead_atomic(p_lead_id uuid, p_actor text default 'system', p_at timestamptz default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lead public.leads;
  v_at timestamptz;
  v_pick record;
  v_reason text;
  v_candidates jsonb;
  v_rows public.routing_candidate[];
  v_overflow boolean;
  v_locked uuid[];
  -- Overflow ignores caps and state lists, nothing else: the caller must be active, here and on the line.
  v_overflow_ignores constant public.ruled_out_code[] := '{other_states,daily_cap,hourly_cap,open_cap}';
begin
  perform private.assert_app_role(private.staff_roles(), 'route leads');
  p_actor := private.actor_or(p_actor);
  v_lead := private.lead_for_update(p_lead_id);
  if v_lead.status <> 'new' then
    return jsonb_build_object('assigned', false, 'reason', 'not_in_stock', 'status', v_lead.status,
      'caller_id', v_lead.assigned_caller_id);
  end if;

  -- Only the server and the SQL console may route "as of" another time (tests, backfills).
  if auth.role() = 'authenticated' then
    p_at := null;
  end if;

  -- A first look without locks says who could take the lead now. Nobody: it goes to stock
  -- without waiting on anybody. Otherwise those possible takers are locked (in id order, so
  -- concurrent routings never deadlock), their loads are read again under the locks, and only
  -- a locked caller may be picked: whoever became eligible in between waits for the next lead.
  v_overflow := private.setting_text('overflow_policy', 'stock') = 'fewest_today';
  select array_agg(rc) into v_rows from public.routing_candidates(p_lead_id, p_at) rc;
  select coalesce(array_agg(c.id order by c.id), '{}') into v_locked from (
    select c.id from public.callers c
    where c.id in (select rc.caller_id from unnest(v_rows) rc
                   where (rc.ruled_out_code is null and rc.tier is not null)
                      or (v_overflow and (rc.ruled_out_code is null or rc.ruled_out_code = any (v_overflow_ignores))))
    order by c.id
    for update) c;
  -- Timed after the locks: loads read from here on include every assignment committed while
  -- we waited (counting stops at v_at).
  v_at := coalesce(p_at, clock_timestamp());
  if cardinality(v_locked) > 0 then
    select array_agg(rc) into v_rows from public.routing_candidates(p_lead_id, v_at) rc;
  end if;

  select coalesce(jsonb_agg(jsonb_build_object(
           'caller_id', rc.caller_id, 'name', rc.name, 'tier', rc.tier,
           'ruled_out_code', rc.ruled_out_code, 'ruled_out', rc.ruled_out,
           'assigned_today', rc.assigned_today, 'daily_limit', rc.daily_limit, 'open_leads', rc.open_leads)
           order by rc.name), '[]'::jsonb)
    into v_candidates
  from unnest(v_rows) rc;

  select rc.caller_id, rc.name, rc.tier into v_pick
  from unnest(v_rows) rc
  where rc.ruled_out_code is null and rc.tier is not null and rc.caller_id = any (v_locked)
  order by (rc.tier = 'state_match') desc, rc.language_match desc, rc.last_assigned_at nulls first, rc.caller_id
  limit 1;
  v_reason := v_pick.tier;

  if v_pick.caller_id is null and v_overflow then
    select rc.caller_id, rc.name into v_pick
    from unnest(v_rows) rc
    where (rc.ruled_out_code is null or rc.ruled_out_code = any (v_overflow_ignores))
      and rc.caller_id = any (v_locked)
    order by rc.assigned_today, rc.last_assigned_at nulls first, rc.caller_id
    limit 1;
    v_reason := 'overflow_fewest_today';
  end if;

  if v_pick.caller_id is null then
    insert into public.lead_assignments (lead_id, caller_id, reason, candidates, actor, assigned_at, ended_at, end_reason)
    values (p_lead_id, null, 'stock', v_candidates, p_actor, v_at, v_at, 'nobody eligible');
    return jsonb_build_object('assigned', false, 'reason', 'stock', 'candidates', v_candidates);
  end if;

  insert into public.lead_assignments (lead_id, caller_id, reason, candidates, actor, assigned_at)
  values (p_lead_id, v_pick.caller_id, v_reason, v_candidates, p_actor, v_at);
  update public.leads set status = 'assigned', assigned_caller_id = v_pick.caller_id, status_changed_at = v_at
  where id = p_lead_id;
  update public.callers set last_assigned_at = v_at where id = v_pick.caller_id;
  return jsonb_build_object('assigned', true, 'caller_id', v_pick.caller_id, 'caller_name', v_pick.name,
    'reason', v_reason, 'candidates', v_candidates);
end
$$;
comment on function public.assign_lead_atomic(uuid, text, timestamptz) is
  'Routes a lead in stock: state-matched callers first, then the global pool; active, available, '
  'on the lead''s business line and under every cap; language match, then round robin. Overflow per '
  'setting overflow_policy (stock | fewest_today). Records the decision and the candidates.';
grant execute on function public.assign_lead_atomic(uuid, text, timestamptz) to authenticated, service_role;

/*
 * Assigns a lead to a chosen caller (reason manual), or reassigns it: the current assignment
 * ends. Caps do not apply to a person's explicit choice; an inactive caller is refused.
 */
create or replace function public.assign_lead_manual(p_lead_id uuid, p_caller_id uuid, p_actor text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lead public.leads;
  v_caller public.callers;
  v_actor text := private.actor_or(p_actor);
begin
  perform private.assert_app_role(private.staff_roles(), 'assign leads');
  v_lead := private.lead_for_update(p_lead_id);
  if not v_lead.status = any (private.assignable_statuses()) then
    raise exception 'lead % is % and cannot be assigned', p_lead_id, v_lead.status using errcode = 'PT409';
  end if;
  select * into v_caller from public.callers where id = p_caller_id for update;
  if not found then
    raise exception 'caller % not found', p_caller_id using errcode = 'PT404';
  end if;
  if not v_caller.active then
    raise exception 'caller % is inactive', v_caller.name using errcode = 'PT409';
  end if;
  if v_lead.assigned_caller_id = p_caller_id then
    return jsonb_build_object('assigned', true, 'caller_id', p_caller_id, 'caller_name', v_caller.name, 'reason', 'unchanged');
  end if;
  update public.lead_assignments set ended_at = clock_timestamp(), end_reason = 'reassigned by ' || v_actor
  where lead_id = p_lead_id and ended_at is null;
  insert into public.lead_assignments (lead_id, caller_id, reason, actor, assigned_at)
  values (p_lead_id, p_caller_id, 'manual', v_actor, clock_timestamp());
  update public.leads set status = 'assigned', assigned_caller_id = p_caller_id, status_changed_at = clock_timestamp()
  where id = p_lead_id;
  update public.callers set last_assigned_at = clock_timestamp() where id = p_caller_id;
  return jsonb_build_object('assigned', true, 'caller_id', p_caller_id, 'caller_name', v_caller.name, 'reason', 'manual');
end
$$;
comment on function public.assign_lead_manual(uuid, uuid, text) is
  'Assigns or reassigns a lead to a chosen active caller, ignoring caps; recorded as manual.';
grant execute on function public.assign_lead_manual(uuid, uuid, text) to authenticated, service_role;

create or replace function public.unassign_lead(p_lead_id uuid, p_actor text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lead public.leads;
  v_actor text := private.actor_or(p_actor);
begin
  perform private.assert_app_role(private.staff_roles(), 'unassign leads');
  v_lead := private.lead_for_update(p_lead_id);
  if not v_lead.status = any (private.open_statuses()) then
    raise exception 'lead % is % and has no caller to take it from', p_lead_id, v_lead.status using errcode = 'PT409';
  end if;
  update public.lead_assignments set ended_at = clock_timestamp(), end_reason = 'back to stock by ' || v_actor
  where lead_id = p_lead_id and ended_at is null;
  update public.leads set status = 'new', assigned_caller_id = null, status_changed_at = clock_timestamp()
  where id = p_lead_id;
  return jsonb_build_object('assigned', false, 'status', 'new');
end
$$;
comment on function public.unassign_lead(uuid, text) is 'Takes a lead from its caller and puts it back in stock.';
grant execute on function public.unassign_lead(uuid, text) to authenticated, service_role;

/*
 * A caller's (or staff's) progress on a lead: assigned -> contacted -> qualified -> won | lost,
 * also contacted -> won | lost and assigned -> lost. Callers may only move their own leads.
 */
create or replace function public.update_lead_status(p_lead_id uuid, p_status text, p_note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lead public.leads;
  v_actor text := private.current_actor();
begin
  perform private.assert_app_role('{admin,manager,caller}', 'update leads');
  v_lead := private.lead_for_update(p_lead_id);
  -- Someone else's lead does not exist, as far as a caller can tell.
  if private.current_app_role() = 'caller' and v_lead.assigned_caller_id is distinct from private.viewer_caller_id() then
    raise exception 'lead % not found', p_lead_id using errcode = 'PT404';
  end if;
  if not exists (select from public.lead_status_transitions t
                 where t.from_status = v_lead.status and t.to_status = p_status) then
    raise exception 'a lead cannot go from % to %', v_lead.status, p_status using errcode = 'PT409';
  end if;
  update public.leads set status = p_status, status_changed_at = clock_timestamp() where id = p_lead_id;
  insert into public.lead_status_history (lead_id, from_status, to_status, note, actor)
  values (p_lead_id, v_lead.status, p_status, nullif(trim(p_note), ''), v_actor);
  return jsonb_build_object('lead_id', p_lead_id, 'from', v_lead.status, 'status', p_status);
end
$$;
comment on function public.update_lead_status(uuid, text, text) is
  'Moves a worked lead along assigned -> contacted -> qualified -> won | lost, with a note; history kept.';
grant execute on function public.update_lead_status(uuid, text, text) to authenticated, service_role;

/*
 * What the viewer may do next with a lead, for the lead page: the statuses it can move to, and
 * whether it can be (re)assigned or taken back to stock. The same rules the functions below
 * enforce, read from the same places.
 */
create or replace function public.lead_next_steps(p_lead_id uuid)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'statuses', coalesce((select jsonb_agg(t.to_status order by t.to_status)
                          from public.lead_status_transitions t where t.from_status = l.status), '[]'::jsonb),
    'can_assign', private.is_staff() and l.status = any (private.assignable_statuses()),
    'can_unassign', private.is_staff() and l.status = any (private.open_statuses()))
  from public.leads l where l.id = p_lead_id
$$;
comment on function public.lead_next_steps(uuid) is
  'The statuses a lead can move to and whether it can be assigned or unassigned now (null if the viewer cannot see it).';
grant execute on function public.lead_next_steps(uuid) to authenticated, service_role;

/*
 * The stock sweep, one lead per call: routes the oldest lead in stock after p_after (by
 * created_at, then id) and returns {lead_id, assigned, ...}, or null when none is left. The
 * server calls it once per transaction, and so does assign_stock below, so a sweep never
 * holds one lead's locks while routing the next.
 */
create or replace function public.assign_next_stock_lead(p_after uuid default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.assert_app_role(private.staff_roles(), 'route leads');
  select l.id into v_id from public.leads l
  where l.status = 'new'
    and (p_after is null or (l.created_at, l.id) > (select c.created_at, c.id from public.leads c where c.id = p_after))
  order by l.created_at, l.id
  limit 1;
  if v_id is null then
    return null;
  end if;
  return jsonb_build_object('lead_id', v_id) || public.assign_lead_atomic(v_id, 'stock sweep');
end
$$;
comment on function public.assign_next_stock_lead(uuid) is
  'Routes the oldest stock lead after p_after; returns {lead_id, assigned, ...} or null when the stock is exhausted.';
grant execute on function public.assign_next_stock_lead(uuid) to authenticated, service_role;

/*
 * For the SQL console: routes the stock, oldest first, committing after each lead
 * (`call public.assign_stock();`).
 */
create or replace procedure public.assign_stock(p_limit integer default 10000)
language plpgsql
-- No SET search_path here: a procedure with SET clauses may not COMMIT. Every name is qualified.
as $$
declare
  v_step jsonb;
  v_after uuid;
  v_tried integer := 0;
  v_assigned integer := 0;
begin
  while v_tried < p_limit loop
    v_step := public.assign_next_stock_lead(v_after);
    exit when v_step is null;
    v_after := (v_step ->> 'lead_id')::uuid;
    v_tried := v_tried + 1;
    if (v_step ->> 'assigned')::boolean then
      v_assigned := v_assigned + 1;
    end if;
    commit;
  end loop;
  raise notice 'routed % of % stock leads', v_assigned, v_tried;
end
$$;
comment on procedure public.assign_stock(integer) is
  'Routes up to p_limit stock leads, oldest first, one transaction each. Run with CALL from the SQL console.';

/*
 * Creates (p_id null) or changes a caller from a JSON object of the fields to set: name, email,
 * active, assigned_states, business_line, languages, daily_lead_limit, hourly_lead_limit,
 * max_open_leads, working_hours, away_until. Unknown states or lines are refused by name.
 */
create or replace function public.save_caller(p_id uuid, p_fields jsonb)
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
    select * into v_caller from public.callers where id = p_id for update;
    if not found then
      raise exception 'caller % not found', p_id using errcode = 'PT404';
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
comment on function public.save_caller(uuid, jsonb) is
  'Creates (p_id null) or updates a caller from the JSON fields given; the others stay as they are.';
grant execute on function public.save_caller(uuid, jsonb) to authenticated, service_role;
