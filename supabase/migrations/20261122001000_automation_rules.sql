-- Automation rules: recurring or one-off work the database runs by itself. A rule names an
-- action (one of the SQL functions behind the automation commands) and when to run it, once at
-- a time or on a schedule; run_due_automations runs the rules that are due, each window of a
-- rule at most once, and records every run. Whatever ticks it (pg_cron on Supabase,
-- POST /api/cron/tick, the local runner) may tick twice at the same moment.

create table public.automation_rules (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  enabled boolean not null default true,
  trigger_kind text not null check (trigger_kind in ('once', 'schedule')),
  -- once: the moment to run.
  run_at timestamptz,
  -- schedule: every N minutes (windows aligned on the epoch), or daily at HH:MM in the app time zone.
  every_minutes integer check (every_minutes between 1 and 1440),
  daily_at text check (daily_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  action text not null check (action in ('fulfill_order', 'delete_order', 'create_order', 'recompute_scores', 'reassign_stale_leads')),
  params jsonb not null default '{}'::jsonb check (jsonb_typeof(params) = 'object'),
  created_by text not null default private.current_actor(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint automation_rules_trigger_check check (
    case trigger_kind
      when 'once' then run_at is not null and every_minutes is null and daily_at is null
      else run_at is null and num_nonnulls(every_minutes, daily_at) = 1
    end)
);
comment on table public.automation_rules is
  'Work the database runs by itself: an action (an automation command) once at run_at, or every N minutes, or daily at HH:MM in the app time zone.';

create trigger automation_rules_updated_at before update on public.automation_rules
  for each row execute function private.set_updated_at();

-- One row per rule and window, inserted before the action runs: the unique key is what makes a
-- window run once when two tickers race (the second insert waits for the first and skips).
create table public.automation_runs (
  id uuid primary key default gen_random_uuid(),
  rule_id uuid not null references public.automation_rules (id) on delete cascade,
  window_start timestamptz not null,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  ok boolean,
  result jsonb,
  error text,
  unique (rule_id, window_start)
);
comment on table public.automation_runs is 'Every run of an automation rule: its window, when it ran, and its result or error.';
create index automation_runs_started_idx on public.automation_runs (started_at desc);

alter table public.automation_rules enable row level security;
alter table public.automation_runs enable row level security;
-- Staff read rules and runs. No member writes either directly, as for every table (changes go
-- through functions that check the role); runs are written by run_due_automations alone.
create policy "Staff can read automation rules" on public.automation_rules
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read automation runs" on public.automation_runs
  for select to authenticated using ((select private.is_staff()));
revoke all on public.automation_rules, public.automation_runs from anon, authenticated;
grant select on public.automation_rules, public.automation_runs to authenticated;

---------------------------------------------------------------------------------------------
-- Routing with one caller left out: a stale lead must not go back to the caller who let it sit.
---------------------------------------------------------------------------------------------

create or replace function private.standings_without(p_standings private.caller_standing[], p_caller uuid)
returns private.caller_standing[]
language sql immutable
set search_path = ''
as $$
  select case when p_caller is null then p_standings
              else array(select s from unnest(p_standings) s where s.id <> p_caller) end
$$;
grant execute on function private.standings_without(private.caller_standing[], uuid) to authenticated, service_role;

/*
 * decide_routes as before, with p_exclude: a caller left out of every judgement (never weighed,
 * locked or picked) for these leads. Leaving them out of the standings, where every look of
 * decide_routes starts, keeps the rules themselves in one place (judge_callers) untouched.
 * The rest of the comment at its first definition (20261122000500_batch_intake.sql) holds.
 */
drop function private.decide_routes(public.leads[], timestamptz);
create function private.decide_routes(p_leads public.leads[], p_at timestamptz default null, p_exclude uuid default null)
returns private.route_decision[]
language plpgsql
set search_path = ''
as $$
declare
  v_overflow boolean := private.setting_text('overflow_policy', 'stock') = 'fewest_today';
  v_pool_all boolean := private.setting_text('global_pool', 'unrestricted') = 'all_eligible';
  v_tz text := public.app_time_zone();
  v_lead public.leads;
  v_standings private.caller_standing[];
  v_ids uuid[];
  v_locked uuid[] := '{}';
  v_desks uuid[];
  v_pick_id uuid;
  v_pick_name text;
  v_pick_reason text;
  v_kind text;
  v_stock jsonb := '{}';
  v_at timestamptz;
  v_k integer;
  v_candidates jsonb;
  v_decisions private.route_decision[] := '{}';
begin
  if coalesce(cardinality(p_leads), 0) = 0 then
    return '{}';
  end if;
  -- First look, without caller locks: who could take any lead in stock here, per kind of lead,
  -- and which of them are state desks eligible for it.
  v_at := coalesce(p_at, clock_timestamp());
  v_standings := private.standings_without(private.caller_standings(v_at), p_exclude);
  select coalesce(array_agg(distinct j.caller_id) filter (where private.could_take(j, v_overflow)), '{}'),
         array_agg(distinct j.caller_id order by j.caller_id) filter (where j.ruled_out_code is null and j.tier = 'state_match')
    into v_ids, v_desks
  from (select distinct l.state, l.business_line, l.language from unnest(p_leads) l where l.status = 'new') k,
    lateral private.judge_callers(k.state, k.business_line, k.language, v_at, v_tz, v_pool_all, v_standings) j;
  /*
   * One lead that a state-matched caller can take goes to one of them whatever the pool holds
   * (state priority), so only they are locked, and leads of other states route beside it
   * instead of queueing on the pool. If none of them is still eligible once locked, those locks
   * are let go (the block's rollback releases them) and every possible taker is locked as below.
   * Not for several leads: a desk filling up mid-batch would send a later lead to the pool.
   */
  if cardinality(p_leads) = 1 then
    if cardinality(v_desks) < cardinality(v_ids) then
      begin
        perform from public.callers c where c.id = any (v_desks) order by c.id for update;
        v_at := coalesce(p_at, clock_timestamp());
        v_standings := private.standings_without(private.caller_standings(v_at), p_exclude);
        if not exists (
          select from private.judge_callers((p_leads[1]).state, (p_leads[1]).business_line, (p_leads[1]).language, v_at, v_tz, v_pool_all, v_standings) j
          where j.ruled_out_code is null and j.tier = 'state_match' and j.caller_id = any (v_desks)) then
          raise exception 'no state desk left' using errcode = 'LO001';
        end if;
        v_locked := v_desks;
      exception when sqlstate 'LO001' then
        v_locked := '{}';
      end;
    end if;
  end if;
  if cardinality(v_locked) = 0 and cardinality(v_ids) > 0 then
    select coalesce(array_agg(c.id order by c.id), '{}') into v_locked
    from (select c.id from public.callers c where c.id = any (v_ids) order by c.id for update) c;
    -- Timed after the locks: loads read from here on include every assignment committed while
    -- we waited.
    v_at := coalesce(p_at, clock_timestamp());
    v_standings := private.standings_without(private.caller_standings(v_at), p_exclude);
  end if;
  v_ids := array(select s.id from unnest(v_standings) s);

  foreach v_lead in array p_leads loop
    if v_lead.status <> 'new' then
      v_decisions := v_decisions || null::private.route_decision;
      continue;
    end if;
    v_at := coalesce(p_at, greatest(clock_timestamp(), v_at));
    v_kind := jsonb_build_array(v_lead.state, v_lead.business_line, v_lead.language)::text;
    if cardinality(v_locked) = 0 and v_stock ? v_kind then
      -- Nobody can be picked, so no decision changes the next: leads of one kind (state, line,
      -- language) share the batch's first judgement of that kind.
      v_pick_id := null;
      v_pick_reason := null;
      v_candidates := v_stock -> v_kind;
    else
      /*
       * Who takes the lead among the callers routing holds locked: state-matched callers first,
       * then the global pool; language match, then round robin (least recently assigned).
       * Nobody: under overflow, the locked caller with the fewest leads today. And the candidates
       * the decision records: every caller, and why each was passed over.
       */
      with judged as materialized (
        select * from private.judge_callers(v_lead.state, v_lead.business_line, v_lead.language, v_at, v_tz, v_pool_all, v_standings)
      )
      select (select coalesce(jsonb_agg(jsonb_build_object(
                'caller_id', j.caller_id, 'name', j.name, 'tier', j.tier,
                'ruled_out_code', j.ruled_out_code, 'ruled_out', j.ruled_out,
                'assigned_today', j.assigned_today, 'daily_limit', j.daily_limit, 'open_leads', j.open_leads)
                order by j.name, j.caller_id), '[]'::jsonb) from judged j),
             p.caller_id, p.name, p.reason
        into v_candidates, v_pick_id, v_pick_name, v_pick_reason
      from (select) one left join lateral (
        (select rc.caller_id, rc.name, rc.tier as reason from judged rc
         where rc.ruled_out_code is null and rc.tier is not null and rc.caller_id = any (v_locked)
         order by (rc.tier = 'state_match') desc, rc.language_match desc, rc.last_assigned_at nulls first, rc.caller_id
         limit 1)
        union all
        (select rc.caller_id, rc.name, 'overflow_fewest_today' from judged rc
         where v_overflow and (rc.ruled_out_code is null or rc.ruled_out_code = any (private.overflow_ignores()))
           and rc.caller_id = any (v_locked)
         order by rc.assigned_today, rc.last_assigned_at nulls first, rc.caller_id
         limit 1)
        limit 1) p on true;
      if cardinality(v_locked) = 0 then
        v_stock := v_stock || jsonb_build_object(v_kind, v_candidates);
      end if;
    end if;
    v_decisions := v_decisions
      || row(v_pick_id, v_pick_name, coalesce(v_pick_reason, 'stock'), v_candidates, v_at)::private.route_decision;
    if v_pick_id is not null then
      v_k := array_position(v_ids, v_pick_id);
      v_standings[v_k].today := (v_standings[v_k]).today + 1;
      v_standings[v_k].last_hour := (v_standings[v_k]).last_hour + 1;
      v_standings[v_k].open_count := (v_standings[v_k]).open_count + 1;
      v_standings[v_k].last_assigned_at := v_at;
    end if;
  end loop;

  update public.callers c set last_assigned_at = d.at
  from (select d.caller_id, max(d.decided_at) as at from unnest(v_decisions) d
        where d.caller_id is not null group by d.caller_id) d
  where c.id = d.caller_id;
  return v_decisions;
end
$$;
grant execute on function private.decide_routes(public.leads[], timestamptz, uuid) to authenticated, service_role;

---------------------------------------------------------------------------------------------
-- Actions
---------------------------------------------------------------------------------------------

/*
 * Leads whose caller let them sit go back through routing, never to that caller again (for
 * this routing), the new assignment recorded with reason reassigned_stale (its candidates say
 * which tier picked). Returns {reassigned, to_stock}.
 *
 * "Untouched by their caller" is read from status_changed_at: it is stamped when the lead is
 * assigned and on every status change, and a caller's work on a lead is status changes
 * (update_lead_status). updated_at is no signal: re-scoring moves it on events the caller did
 * not make. Leads held by another transaction are skipped (their next sweep takes them), so
 * two sweeps never route one lead twice. Each lead is routed on its own (its excluded caller is
 * its own), so the callers' locks add up over the sweep: a sweep that loses a deadlock fails
 * whole, as a run with its error, and the next window retries.
 */
create or replace function private.reassign_stale_leads(p_minutes integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_lead public.leads;
  v_previous uuid;
  v_decision private.route_decision;
  v_reassigned integer := 0;
  v_to_stock integer := 0;
begin
  if p_minutes is null or p_minutes < 1 then
    raise exception 'minutes must be a whole number of at least 1' using errcode = 'PT422';
  end if;
  for v_lead in
    select l.* from public.leads l
    where l.status = any (private.open_statuses()) and l.assigned_caller_id is not null
      and l.status_changed_at < now() - make_interval(mins => p_minutes)
    order by l.status_changed_at, l.id
    for update skip locked
  loop
    v_previous := v_lead.assigned_caller_id;
    update public.lead_assignments set ended_at = clock_timestamp(), end_reason = 'reassigned_stale'
    where lead_id = v_lead.id and ended_at is null;
    update public.leads set status = 'new', assigned_caller_id = null, status_changed_at = clock_timestamp()
    where id = v_lead.id
    returning * into v_lead;
    v_decision := (private.decide_routes(array[v_lead], null, v_previous))[1];
    if v_decision.caller_id is not null then
      v_decision.reason := 'reassigned_stale';
      v_reassigned := v_reassigned + 1;
    else
      v_to_stock := v_to_stock + 1;
    end if;
    perform private.record_routes(array[v_lead.id], array[v_decision], 'stale lead sweep');
  end loop;
  return jsonb_build_object('reassigned', v_reassigned, 'to_stock', v_to_stock);
end
$$;

-- A rule's parameter that must be a uuid.
create or replace function private.uuid_param(p_params jsonb, p_key text) returns uuid
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_params ->> p_key is null then
    raise exception '% is required', p_key using errcode = 'PT422';
  end if;
  return (p_params ->> p_key)::uuid;
end
$$;

/*
 * Runs one rule's action with its params, as the automation command of that name would (same
 * parameter names), through the same SQL function. In SQL because pg_cron runs SQL only.
 */
create or replace function private.run_automation_action(p_action text, p_params jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  case p_action
    when 'fulfill_order' then
      return public.fulfill_order(private.uuid_param(p_params, 'orderId'));
    when 'delete_order' then
      return public.delete_order(private.uuid_param(p_params, 'orderId'));
    when 'create_order' then
      return public.create_order(p_params ->> 'customer_name', p_params ->> 'customer_email',
        array(select jsonb_array_elements_text(p_params -> 'requested_states')));
    when 'recompute_scores' then
      return public.recompute_scores();
    when 'reassign_stale_leads' then
      return private.reassign_stale_leads((p_params ->> 'minutes')::integer);
    else
      raise exception 'unknown automation action %', p_action using errcode = 'PT422';
  end case;
end
$$;

---------------------------------------------------------------------------------------------
-- The tick
---------------------------------------------------------------------------------------------

/*
 * Runs one window of a rule, unless it has run: the run row goes in first (unique per rule and
 * window), so of two tickers at the same moment one inserts it and runs the action, the other
 * waits on that row and skips (null). The action runs in its own subtransaction: a failure is
 * undone alone and recorded (ok false, error). Returns the run.
 */
create or replace function private.run_automation(p_rule public.automation_rules, p_window timestamptz)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_run_id uuid;
  v_ok boolean;
  v_result jsonb;
  v_error text;
begin
  insert into public.automation_runs (rule_id, window_start) values (p_rule.id, p_window)
  on conflict (rule_id, window_start) do nothing
  returning id into v_run_id;
  if v_run_id is null then
    return null;
  end if;
  begin
    v_result := private.run_automation_action(p_rule.action, p_rule.params);
    v_ok := true;
  exception when others then
    get stacked diagnostics v_error = message_text;
    v_error := left(sqlstate || ': ' || v_error, 2000);
    v_ok := false;
  end;
  update public.automation_runs set finished_at = clock_timestamp(), ok = v_ok, result = v_result, error = v_error
  where id = v_run_id;
  return jsonb_build_object('run_id', v_run_id, 'rule_id', p_rule.id, 'name', p_rule.name, 'action', p_rule.action,
    'window_start', p_window, 'ok', v_ok, 'result', v_result, 'error', v_error);
end
$$;

/*
 * Runs every enabled rule whose current window has started and not run yet, each once
 * (run_automation), a failing one without stopping the others. A rule's window:
 * - once: run_at;
 * - every N minutes: now floored to N minutes since the epoch;
 * - daily at HH:MM: that time on today's date in the app time zone, so it is 09:00 local on
 *   23- and 25-hour days alike, and one window per local day.
 * A schedule's first window is the first that starts after the rule was created; a window
 * missed while nothing ticked is made up once, by the next tick in the same window.
 */
create or replace function public.run_due_automations(p_now timestamptz default now())
returns jsonb
language plpgsql
-- Definer: runs are written by nobody else; each action still checks the role it needs.
security definer
set search_path = ''
as $$
declare
  v_now timestamptz := coalesce(p_now, now());
  v_tz text := public.app_time_zone();
  v_due record;
  v_run jsonb;
  v_runs jsonb := '[]';
begin
  perform private.assert_app_role('{admin}', 'run automations');
  -- Only the server and the SQL console may tick "as of" another time (tests, backfills).
  if auth.role() = 'authenticated' then
    v_now := now();
  end if;
  for v_due in
    select r as rule, w.window_start
    from public.automation_rules r
    cross join lateral (select case
      when r.trigger_kind = 'once' then r.run_at
      when r.every_minutes is not null then
        to_timestamp(floor(extract(epoch from v_now) / (r.every_minutes * 60)) * r.every_minutes * 60)
      else ((v_now at time zone v_tz)::date + r.daily_at::time) at time zone v_tz
    end as window_start) w
    where r.enabled and w.window_start <= v_now
      and (r.trigger_kind = 'once' or w.window_start >= r.created_at)
    order by w.window_start, r.id
  loop
    v_run := private.run_automation(v_due.rule, v_due.window_start);
    if v_run is not null then
      v_runs := v_runs || v_run;
    end if;
  end loop;
  return jsonb_build_object('now', v_now, 'ran', jsonb_array_length(v_runs), 'runs', v_runs);
end
$$;
comment on function public.run_due_automations(timestamptz) is
  'The automation tick (pg_cron, POST /api/cron/tick, the local runner; admins by hand): runs each enabled rule''s due '
  'window once, recording it in automation_runs. Returns {now, ran, runs: [{run_id, rule_id, name, action, window_start, ok, result, error}]}.';
grant execute on function public.run_due_automations(timestamptz) to authenticated, service_role;

create or replace function public.reassign_stale_leads(p_minutes integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_app_role(private.staff_roles(), 'reassign leads');
  return private.reassign_stale_leads(p_minutes);
end
$$;
comment on function public.reassign_stale_leads(integer) is
  'Staff: leads untouched by their caller for p_minutes go back through routing, never to that caller (reason reassigned_stale). '
  'Returns {reassigned, to_stock}.';
grant execute on function public.reassign_stale_leads(integer) to authenticated, service_role;

/*
 * A one-time rule for an order: fulfil or delete it at p_run_at, or now when that is null (run
 * here, at once, as the window run_due_automations would run, so a tick later skips it).
 * Returns {rule_id, name, run_at, run}: run is null for a rule that waits for its time.
 */
create or replace function public.one_time_rule(p_order_id uuid, p_action text, p_run_at timestamptz default null)
returns jsonb
language plpgsql
-- Definer: no member writes rules directly; the action still runs with the viewer's role checks.
security definer
set search_path = ''
as $$
declare
  v_rule public.automation_rules;
begin
  perform private.assert_app_role(private.staff_roles(), 'schedule order actions');
  if p_action is null or p_action not in ('fulfill_order', 'delete_order') then
    raise exception 'action must be fulfill_order or delete_order' using errcode = 'PT422';
  end if;
  if not exists (select from public.orders where id = p_order_id) then
    raise exception 'order % not found', p_order_id using errcode = 'PT404';
  end if;
  insert into public.automation_rules (name, trigger_kind, run_at, action, params, created_by)
  values (p_action || ' ' || p_order_id, 'once', coalesce(p_run_at, now()), p_action,
          jsonb_build_object('orderId', p_order_id), private.current_actor())
  returning * into v_rule;
  return jsonb_build_object('rule_id', v_rule.id, 'name', v_rule.name, 'run_at', v_rule.run_at,
    'run', case when p_run_at is null then private.run_automation(v_rule, v_rule.run_at) end);
end
$$;
comment on function public.one_time_rule(uuid, text, timestamptz) is
  'Staff: records a once rule that fulfils or deletes an order at p_run_at, or runs it now when p_run_at is null. '
  'Returns {rule_id, name, run_at, run}.';
grant execute on function public.one_time_rule(uuid, text, timestamptz) to authenticated, service_role;

insert into public.automation_rules (name, enabled, trigger_kind, every_minutes, action, params, created_by)
values ('Reassign stale leads', false, 'schedule', 15, 'reassign_stale_leads', '{"minutes":120}', 'system');

-- On Supabase, pg_cron ticks every minute. Elsewhere (the embedded database has no pg_cron)
-- this does nothing, and where the extension is listed but this role may not use it, it says
-- so and the app's tick (POST /api/cron/tick) is the way.
do $$
begin
  if exists (select from pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron;
    perform cron.schedule('leadops-automations', '* * * * *', 'select public.run_due_automations()');
  end if;
exception when others then
  raise warning 'pg_cron not scheduled (%): tick with POST /api/cron/tick', sqlerrm;
end
$$;
