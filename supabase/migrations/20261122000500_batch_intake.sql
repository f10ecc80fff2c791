-- Set-based intake: ingest_leads stores, de-duplicates, routes, creates and scores a whole batch
-- in one call, with the same result per item as ingesting the items one by one. ingest_lead
-- becomes a batch of one, and routing (one lead or many, new or in stock) has one
-- implementation, decide_routes, built from the rules routing_candidates shows.

---------------------------------------------------------------------------------------------
-- Routing, split into pure pieces so a batch can route many leads with one set of locks.
---------------------------------------------------------------------------------------------

-- A caller as routing weighs them: the row's routing fields and their load at some moment.
create type private.caller_standing as (
  id uuid, name text, active boolean, assigned_states text[], business_line text, languages text[],
  daily_lead_limit integer, hourly_lead_limit integer, max_open_leads integer, working_hours jsonb,
  away_until timestamptz, last_assigned_at timestamptz,
  today integer, last_hour integer, open_count integer
);

-- Every caller with their load at p_at, as caller_loads counts it.
create or replace function private.caller_standings(p_at timestamptz)
returns private.caller_standing[]
language plpgsql stable
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(row(c.id, c.name, c.active, c.assigned_states, c.business_line, c.languages,
             c.daily_lead_limit, c.hourly_lead_limit, c.max_open_leads, c.working_hours, c.away_until,
             c.last_assigned_at, cl.assigned_today, cl.assigned_last_hour, cl.open_leads)::private.caller_standing
             order by c.id), '{}')
    from public.callers c
    join public.caller_loads(p_at) cl on cl.caller_id = c.id);
end
$$;
grant execute on function private.caller_standings(timestamptz) to authenticated, service_role;

/*
 * The routing rules: what each caller is to a lead with this state, business line and language
 * at p_at (tier, and the reason they are ruled out, null when eligible), given their standings.
 * Pure: routing_candidates shows it and route_leads decides with it.
 */
create or replace function private.judge_callers(
  p_lead_state text, p_lead_line text, p_lead_language text, p_at timestamptz, p_tz text, p_pool_all boolean,
  p_callers private.caller_standing[]
) returns setof public.routing_candidate
-- plpgsql for a cached plan: a batch calls this once per lead.
language plpgsql stable
set search_path = ''
as $$
begin
  return query
  with load as (
    select c.*, lower(to_char(p_at at time zone p_tz, 'dy')) as weekday, (p_at at time zone p_tz)::time as local_time
    from unnest(p_callers) c
  ), judged as (
    select load.*,
      case
        when not active then 'inactive'
        when away_until is not null and away_until > p_at then 'away'
        when working_hours is not null and not exists (
          select from jsonb_array_elements(coalesce(working_hours -> weekday, '[]'::jsonb)) as span
          where local_time >= (span ->> 0)::time and local_time < (span ->> 1)::time
        ) then 'outside_hours'
        when p_lead_line is not null and business_line is not null and business_line <> p_lead_line then 'wrong_line'
        when not (p_lead_state is not null and p_lead_state = any (assigned_states))
          and cardinality(assigned_states) > 0 and not p_pool_all then 'other_states'
        when today >= daily_lead_limit then 'daily_cap'
        when hourly_lead_limit is not null and last_hour >= hourly_lead_limit then 'hourly_cap'
        when max_open_leads is not null and open_count >= max_open_leads then 'open_cap'
      end::public.ruled_out_code as code
    from load
  )
  select id, name,
    case when p_lead_state is not null and p_lead_state = any (assigned_states) then 'state_match'
         when cardinality(assigned_states) = 0 or p_pool_all then 'global_pool' end,
    p_lead_language is not null and p_lead_language = any (languages),
    last_assigned_at, today, daily_lead_limit, last_hour, hourly_lead_limit, open_count, max_open_leads,
    code,
    case code
      when 'inactive' then 'inactive'
      when 'away' then 'away until ' || to_char(away_until at time zone p_tz, 'YYYY-MM-DD HH24:MI')
      when 'outside_hours' then 'outside working hours'
      when 'wrong_line' then 'wrong business line (' || business_line || ')'
      when 'other_states' then 'covers other states (' || array_to_string(assigned_states, ', ') || ')'
      when 'daily_cap' then format('at daily cap %s/%s', today, daily_lead_limit)
      when 'hourly_cap' then format('at hourly cap %s/%s', last_hour, hourly_lead_limit)
      when 'open_cap' then format('at open-lead limit %s/%s', open_count, max_open_leads)
    end
  from judged
  order by name, id;
end
$$;
grant execute on function private.judge_callers(text, text, text, timestamptz, text, boolean, private.caller_standing[])
  to authenticated, service_role;

-- Overflow ignores caps and state lists, nothing else: the caller must be active, here and on the line.
create or replace function private.overflow_ignores() returns public.ruled_out_code[]
language sql immutable
set search_path = ''
as $$ select '{other_states,daily_cap,hourly_cap,open_cap}'::public.ruled_out_code[] $$;
grant execute on function private.overflow_ignores() to authenticated, service_role;

-- Whether a judged caller could take the lead: eligible in a tier, or (under overflow) ruled
-- out only by what overflow ignores. Routing locks exactly these callers.
create or replace function private.could_take(p_candidate public.routing_candidate, p_overflow boolean) returns boolean
language sql immutable
set search_path = ''
as $$
  select (p_candidate.ruled_out_code is null and p_candidate.tier is not null)
      or (p_overflow and (p_candidate.ruled_out_code is null or p_candidate.ruled_out_code = any (private.overflow_ignores())))
$$;
grant execute on function private.could_take(public.routing_candidate, boolean) to authenticated, service_role;

create or replace function public.routing_candidates(p_lead_id uuid, p_at timestamptz default null)
returns setof public.routing_candidate
language plpgsql stable
set search_path = ''
as $$
declare
  v_at timestamptz := coalesce(p_at, clock_timestamp());
begin
  return query
  select j.* from public.leads l,
    lateral private.judge_callers(l.state, l.business_line, l.language, v_at, public.app_time_zone(),
      private.setting_text('global_pool', 'unrestricted') = 'all_eligible', private.caller_standings(v_at)) j
  where l.id = p_lead_id;
end
$$;

-- One routing decision: who takes the lead (null: stock), why, whom routing weighed, and when.
create type private.route_decision as (
  caller_id uuid, caller_name text, reason text, candidates jsonb, decided_at timestamptz
);

/*
 * Decides, by the rules, who takes each lead in stock of p_leads, one after the other in the
 * order given, as if each were routed on its own; a lead not in stock gets null. The leads may
 * not be stored yet (intake decides before it inserts): only their state, line, language and
 * status are read. Safe under any concurrency, given that the caller holds the leads:
 * - a first look without locks finds every caller who could take any of them; those are locked
 *   in id order (concurrent routings never deadlock) and their loads read again under the
 *   locks, so no cap is overrun and no eligible caller skipped; only a locked caller is picked;
 * - the loads then move in memory as the batch assigns: nobody else can assign to a locked caller.
 * Each decision is timed on its own (clock_timestamp, or p_at), so round robin turns within a
 * batch exactly as it does across single ingests. Stamps the callers' round robin.
 */
create or replace function private.decide_routes(p_leads public.leads[], p_at timestamptz default null)
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
  v_standings := private.caller_standings(v_at);
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
        v_standings := private.caller_standings(v_at);
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
    v_standings := private.caller_standings(v_at);
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
grant execute on function private.decide_routes(public.leads[], timestamptz) to authenticated, service_role;

-- Records decisions (one per lead, null for a lead not in stock): the assignments, and the
-- leads that got a caller.
create or replace function private.record_routes(p_lead_ids uuid[], p_decisions private.route_decision[], p_actor text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into public.lead_assignments (lead_id, caller_id, reason, candidates, actor, assigned_at, ended_at, end_reason)
  select p_lead_ids[d.k], d.caller_id, d.reason, d.candidates, p_actor, d.decided_at,
         case when d.caller_id is null then d.decided_at end, case when d.caller_id is null then 'nobody eligible' end
  from unnest(p_decisions) with ordinality d(caller_id, caller_name, reason, candidates, decided_at, k)
  where d.reason is not null
  order by d.k;
  update public.leads l set status = 'assigned', assigned_caller_id = d.caller_id, status_changed_at = d.decided_at
  from unnest(p_decisions) with ordinality d(caller_id, caller_name, reason, candidates, decided_at, k)
  where l.id = any (p_lead_ids) and l.id = p_lead_ids[d.k] and d.caller_id is not null;
end
$$;
grant execute on function private.record_routes(uuid[], private.route_decision[], text) to authenticated, service_role;

/*
 * Routes leads in stock (locked here, in id order, so a lead is routed at most once) by
 * decide_routes, records the decisions and returns each lead's answer as assign_lead_atomic
 * gives it: {assigned, caller_id, caller_name, reason, candidates}, or not_in_stock.
 */
create or replace function private.route_leads(p_lead_ids uuid[], p_actor text, p_at timestamptz default null)
returns table (lead_id uuid, result jsonb)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_variable
declare
  v_leads public.leads[];
  v_missing uuid;
  v_decisions private.route_decision[];
begin
  if coalesce(cardinality(p_lead_ids), 0) = 0 then
    return;
  end if;
  perform from public.leads l where l.id = any (p_lead_ids) order by l.id for update;
  select array_agg(l order by u.ord), (array_agg(u.id) filter (where l.id is null))[1] into v_leads, v_missing
  from unnest(p_lead_ids) with ordinality u(id, ord) left join public.leads l on l.id = u.id;
  if v_missing is not null then
    raise exception 'lead % not found', v_missing using errcode = 'PT404';
  end if;
  v_decisions := private.decide_routes(v_leads, p_at);

  perform private.record_routes(array(select l.id from unnest(v_leads) l), v_decisions, private.actor_or(p_actor));

  return query
  select (v_leads[d.k]).id, case
    when d.reason is null then jsonb_build_object('assigned', false, 'reason', 'not_in_stock',
      'status', (v_leads[d.k]).status, 'caller_id', (v_leads[d.k]).assigned_caller_id)
    when d.caller_id is null then jsonb_build_object('assigned', false, 'reason', 'stock', 'candidates', d.candidates)
    else jsonb_build_object('assigned', true, 'caller_id', d.caller_id, 'caller_name', d.caller_name,
      'reason', d.reason, 'candidates', d.candidates)
  end
  from unnest(v_decisions) with ordinality d(caller_id, caller_name, reason, candidates, decided_at, k)
  order by d.k;
end
$$;
grant execute on function private.route_leads(uuid[], text, timestamptz) to authenticated, service_role;

create or replace function public.assign_lead_atomic(p_lead_id uuid, p_actor text default 'system', p_at timestamptz default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_app_role(private.staff_roles(), 'route leads');
  -- Only the server and the SQL console may route "as of" another time (tests, backfills).
  if auth.role() = 'authenticated' then
    p_at := null;
  end if;
  return (select r.result from private.route_leads(array[p_lead_id], p_actor, p_at) r);
end
$$;

-- Every assignment updates its caller's row, and so re-checks working_hours: the same rule as
-- before, in plpgsql so that its plan is cached instead of made on every check.
create or replace function private.working_hours_problem(p_hours jsonb) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  return (select case
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
  end);
end
$$;

---------------------------------------------------------------------------------------------
-- Intake
---------------------------------------------------------------------------------------------

-- Scores leads this transaction created: their lead_created event, scored like any other
-- (lead_scores is the one definition of a score). New leads are nobody else's yet: no lock.
create or replace function private.score_new_leads(p_lead_ids uuid[]) returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into public.lead_events (event_id, lead_id, type, occurred_at, properties)
  select 'lead_created:' || l.id, l.id, 'lead_created', l.created_at, '{}'::jsonb
  from public.leads l where l.id = any (p_lead_ids)
  on conflict (event_id) do nothing;
  -- The leads are found by id in both statements (the planner cannot see how few rows
  -- lead_scores returns, and would otherwise scan every lead to join them).
  with scored as (
    select l.id, l.score as before, s.score as after
    from public.lead_scores(p_lead_ids) s join public.leads l on l.id = s.lead_id
    where l.id = any (p_lead_ids) and s.score <> l.score
  ), changed as (
    update public.leads l set score = scored.after from scored
    where l.id = any (p_lead_ids) and l.id = scored.id
    returning scored.id, scored.before, scored.after
  )
  insert into public.lead_score_history (lead_id, cause, event_id, rules_version, points, score_before, score_after)
  select changed.id, 'event', 'lead_created:' || changed.id, private.scoring_version(),
         changed.after - changed.before, changed.before, changed.after
  from changed;
end
$$;
grant execute on function private.score_new_leads(uuid[]) to authenticated, service_role;

-- One item of a batch, parsed, with what de-duplication found for it.
create type private.intake_item as (
  ord integer, intake_id uuid, new_lead_id uuid, intake jsonb, lead jsonb,
  key text, phone text, email text, doc text, doc_type text, replay_of uuid,
  -- The earliest matches among rows stored before this batch.
  db_key_lead uuid, db_doc_lead uuid, db_phone_lead uuid, db_email_lead uuid,
  -- Earlier items of this batch with the same key, document, phone or email.
  prev_key integer[], prev_doc integer[], prev_phone integer[], prev_email integer[],
  -- The lead's state and business line as stored: known ones only (the rest go to metadata).
  state text, business_line text
);

/*
 * Creates the leads of the given items, already routed by p_decisions (one per item, in the
 * same order; none when routing failed, and p_route_error says why), with their intake rows
 * (outcome created) and assignments, in one statement: the rows reference each other, and
 * foreign keys are checked at its end. A lead is inserted as it ends up, so it is written once.
 */
create or replace function private.create_leads(
  p_source_id uuid, p_items private.intake_item[], p_decisions private.route_decision[], p_route_error text, p_actor text
) returns void
language plpgsql
set search_path = ''
as $$
begin
  with items as (
    select i.*, d.caller_id, d.reason, d.candidates, coalesce(d.decided_at, now()) as decided_at
    from unnest(p_items) with ordinality i
    left join unnest(p_decisions) with ordinality d(caller_id, caller_name, reason, candidates, decided_at, k) on d.k = i.ordinality
  ), leads as (
    -- A state or line we do not know is kept in metadata, not lost.
    insert into public.leads (id, source_id, intake_id, first_name, last_name, email, phone, phone_e164, state,
      country, zip, city, business_line, language, document_type, document_number, external_id, metadata,
      status, assigned_caller_id, status_changed_at)
    select new_lead_id, p_source_id, intake_id, lead ->> 'first_name', lead ->> 'last_name', email,
      lead ->> 'phone', phone, state, lead ->> 'country', lead ->> 'zip', lead ->> 'city',
      business_line, lead ->> 'language', doc_type, doc, lead ->> 'external_id',
      coalesce(lead -> 'metadata', '{}')
        || case when state is null and lead ->> 'state' is not null
             then jsonb_build_object('unknown_state', lead ->> 'state') else '{}' end
        || case when business_line is null and lead ->> 'business_line' is not null
             then jsonb_build_object('unknown_business_line', lead ->> 'business_line') else '{}' end,
      case when caller_id is null then 'new' else 'assigned' end, caller_id, decided_at
    from items order by ord
    returning 1
  ), assignments as (
    insert into public.lead_assignments (lead_id, caller_id, reason, candidates, actor, assigned_at, ended_at, end_reason)
    select new_lead_id, caller_id, reason, candidates, p_actor, decided_at,
           case when caller_id is null then decided_at end, case when caller_id is null then 'nobody eligible' end
    from items where reason is not null order by ord
    returning 1
  )
  insert into public.lead_intake (id, source_id, request_id, idempotency_key, content_type, raw_body,
    payload, headers, outcome, lead_id, replay_of, error)
  select intake_id, p_source_id, intake ->> 'request_id', key, intake ->> 'content_type',
    coalesce(intake ->> 'raw_body', ''), intake -> 'payload', coalesce(intake -> 'headers', '{}'),
    'created', new_lead_id, replay_of, p_route_error
  from items order by ord;
end
$$;
grant execute on function private.create_leads(uuid, private.intake_item[], private.route_decision[], text, text)
  to authenticated, service_role;

/*
 * Stores a batch of intake requests and makes leads of them, with exactly the result each item
 * would get from ingest_lead called once per item in order: an item is a duplicate of a lead
 * stored before the batch or of an earlier item's lead, by the same rules and in the same
 * precedence (idempotency key, document, phone in the window, email in the window).
 *
 * p_items: [{intake: {request_id, idempotency_key, content_type, raw_body, payload, headers,
 * replay_of, error}, lead: normalized fields | null (rejected)}]. Returns ingest_lead's answer
 * per item, in order.
 *
 * Locking: intakes that could be the same lead wait for each other. A small batch (and a single
 * ingest) takes one advisory lock per key, document, phone and email, in one global order, and
 * the intake lock shared; a batch with more keys than fit comfortably in the lock table takes
 * the intake lock exclusively instead, so it waits for intakes in flight and they for it.
 */
create or replace function public.ingest_leads(p_source_id uuid, p_items jsonb)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_window interval;
  v_items private.intake_item[];
  v_item private.intake_item;
  v_n integer;
  v_locks bigint[];
  v_lock bigint;
  v_lead_of uuid[];
  v_created boolean[];
  v_reason text[];
  v_j integer;
  v_creating private.intake_item[] := '{}';
  v_new_ids uuid[];
  v_route_first boolean;
  v_decisions private.route_decision[];
  v_routes private.route_decision[];
  v_route_error text;
  v_failure text;
  v_error text;
begin
  if p_source_id is null or not exists (select from public.sources where id = p_source_id) then
    raise exception 'unknown source %', p_source_id using errcode = 'PT404';
  end if;
  if jsonb_typeof(p_items) is distinct from 'array'
     or exists (select from jsonb_array_elements(p_items) e where jsonb_typeof(e -> 'intake') is distinct from 'object') then
    raise exception 'items must be an array of {intake, lead}' using errcode = 'PT422';
  end if;
  v_n := jsonb_array_length(p_items);
  if v_n = 0 then
    return '[]'::jsonb;
  end if;

  select array_agg(row(e.ord, gen_random_uuid(), gen_random_uuid(), e.v -> 'intake', nullif(e.v -> 'lead', 'null'),
           nullif(e.v -> 'intake' ->> 'idempotency_key', ''), nullif(e.v -> 'lead' ->> 'phone_e164', ''),
           lower(nullif(e.v -> 'lead' ->> 'email', '')), nullif(e.v -> 'lead' ->> 'document_number', ''),
           nullif(e.v -> 'lead' ->> 'document_type', ''), nullif(e.v -> 'intake' ->> 'replay_of', '')::uuid,
           null, null, null, null, null, null, null, null, null, null)::private.intake_item order by e.ord)
    into v_items
  from jsonb_array_elements(p_items) with ordinality e(v, ord);

  -- A replay is of one rejected or failed intake, once: the lock makes two staff clicking at
  -- once take turns. One at a time (replay_intake sends one): two items replaying the same
  -- intake would both pass the check below.
  if v_n > 1 and exists (select from unnest(v_items) i where i.replay_of is not null) then
    raise exception 'replay_of is for a batch of one item' using errcode = 'PT422';
  end if;
  foreach v_item in array v_items loop
    continue when v_item.replay_of is null;
    perform from public.lead_intake where id = v_item.replay_of and outcome in ('rejected', 'failed') for update;
    if not found then
      raise exception 'intake % cannot be replayed: only rejected or failed intakes can', v_item.replay_of
        using errcode = 'PT409';
    end if;
    if exists (select from public.lead_intake
               where replay_of = v_item.replay_of and outcome in ('created', 'duplicate')) then
      raise exception 'intake % was already replayed', v_item.replay_of using errcode = 'PT409';
    end if;
  end loop;

  select coalesce(array_agg(distinct hashtextextended(k, 0) order by hashtextextended(k, 0)), '{}') into v_locks
  from unnest(v_items) i, unnest(array['key:' || p_source_id || ':' || i.key, 'doc:' || i.doc,
                                       'phone:' || i.phone, 'email:' || i.email]) k
  where i.lead is not null and k is not null;
  if cardinality(v_locks) <= 64 then
    perform pg_advisory_xact_lock_shared(hashtext('leadops.intake'), 0);
    foreach v_lock in array v_locks loop
      perform pg_advisory_xact_lock(v_lock);
    end loop;
  elsif cardinality(v_locks) > 0 then
    perform pg_advisory_xact_lock(hashtext('leadops.intake'), 0);
  end if;

  -- What is already stored, and which earlier items share a key, document, phone or email.
  v_window := interval '1 hour' * private.setting_number('dedupe_window_hours', 24);
  select array_agg(row(m.*)::private.intake_item order by m.ord) into v_items
  from (
    select i.ord, i.intake_id, i.new_lead_id, i.intake, i.lead, i.key, i.phone, i.email, i.doc, i.doc_type, i.replay_of,
      (select x.lead_id from public.lead_intake x
       where i.key is not null and x.source_id = p_source_id and x.idempotency_key = i.key and x.lead_id is not null
       order by x.received_at limit 1),
      (select l.id from public.leads l
       where i.doc is not null and l.document_number = i.doc
         and (i.doc_type is null or l.document_type is null or l.document_type = i.doc_type)
       order by l.created_at limit 1),
      (select l.id from public.leads l
       where i.phone is not null and l.phone_e164 = i.phone and l.created_at >= now() - v_window
       order by l.created_at limit 1),
      (select l.id from public.leads l
       where i.email is not null and l.email = i.email and l.created_at >= now() - v_window
       order by l.created_at limit 1),
      case when i.key is not null then array_agg(i.ord) over (partition by i.key order by i.ord rows between unbounded preceding and 1 preceding) end,
      case when i.doc is not null then array_agg(i.ord) over (partition by i.doc order by i.ord rows between unbounded preceding and 1 preceding) end,
      case when i.phone is not null then array_agg(i.ord) over (partition by i.phone order by i.ord rows between unbounded preceding and 1 preceding) end,
      case when i.email is not null then array_agg(i.ord) over (partition by i.email order by i.ord rows between unbounded preceding and 1 preceding) end,
      (select u.code from public.us_states u where u.code = upper(i.lead ->> 'state')),
      (select b.code from public.business_lines b where b.code = i.lead ->> 'business_line' and b.active)
    from unnest(v_items) i
  ) m;

  -- Decide item by item, in order: an item duplicates the first match stored before the batch,
  -- else the first earlier item that has a lead (by key) or created one (by document, phone, email).
  v_lead_of := array_fill(null::uuid, array[v_n]);
  v_created := array_fill(false, array[v_n]);
  v_reason := array_fill(null::text, array[v_n]);
  foreach v_item in array v_items loop
    continue when v_item.lead is null;
    if v_item.key is not null then
      v_lead_of[v_item.ord] := v_item.db_key_lead;
      if v_lead_of[v_item.ord] is null then
        foreach v_j in array coalesce(v_item.prev_key, '{}') loop
          v_lead_of[v_item.ord] := v_lead_of[v_j];
          exit when v_lead_of[v_item.ord] is not null;
        end loop;
      end if;
      if v_lead_of[v_item.ord] is not null then v_reason[v_item.ord] := 'idempotency_key'; continue; end if;
    end if;
    if v_item.doc is not null then
      v_lead_of[v_item.ord] := v_item.db_doc_lead;
      if v_lead_of[v_item.ord] is null then
        foreach v_j in array coalesce(v_item.prev_doc, '{}') loop
          -- Same number; same type too when both sides say which document it is.
          if v_created[v_j] and (v_item.doc_type is null or (v_items[v_j]).doc_type is null
                                 or (v_items[v_j]).doc_type = v_item.doc_type) then
            v_lead_of[v_item.ord] := v_lead_of[v_j];
            exit;
          end if;
        end loop;
      end if;
      if v_lead_of[v_item.ord] is not null then v_reason[v_item.ord] := 'document_number'; continue; end if;
    end if;
    if v_item.phone is not null then
      v_lead_of[v_item.ord] := v_item.db_phone_lead;
      if v_lead_of[v_item.ord] is null then
        foreach v_j in array coalesce(v_item.prev_phone, '{}') loop
          if v_created[v_j] then v_lead_of[v_item.ord] := v_lead_of[v_j]; exit; end if;
        end loop;
      end if;
      if v_lead_of[v_item.ord] is not null then v_reason[v_item.ord] := 'phone_window'; continue; end if;
    end if;
    if v_item.email is not null then
      v_lead_of[v_item.ord] := v_item.db_email_lead;
      if v_lead_of[v_item.ord] is null then
        foreach v_j in array coalesce(v_item.prev_email, '{}') loop
          if v_created[v_j] then v_lead_of[v_item.ord] := v_lead_of[v_j]; exit; end if;
        end loop;
      end if;
      if v_lead_of[v_item.ord] is not null then v_reason[v_item.ord] := 'email_window'; continue; end if;
    end if;
    v_created[v_item.ord] := true;
    v_lead_of[v_item.ord] := v_item.new_lead_id;
    v_creating := v_creating || v_item;
  end loop;

  /*
   * When to route. Routing holds the callers who could take a lead locked until commit, so
   * intakes that could go to the same callers take turns for that long. A single lead or a small
   * batch (beside others, under the shared intake lock) is stored and scored first and routed
   * last, to hold those locks as briefly as it can, at the price of writing a routed lead twice.
   * A big batch holds the intake lock exclusively for all its work anyway: it decides first (its
   * leads are nobody else's yet) and inserts each lead once, already routed.
   *
   * The new leads go in all at once. If one fails, the batch is ingested again item by item (in
   * this transaction, under the locks already held), exactly as single ingests would take it:
   * the failing lead's intake stays, marked failed with the reason, and a later item that would
   * have duplicated it makes its own lead. A routing fault must not cost a lead: it stays in
   * stock and its intake says why.
   */
  v_route_first := cardinality(v_locks) > 64;
  begin
    if v_route_first then
      begin
        v_decisions := private.decide_routes(array(
          select jsonb_populate_record(null::public.leads, jsonb_build_object('status', 'new',
                   'state', i.state, 'business_line', i.business_line, 'language', i.lead ->> 'language'))
          from unnest(v_creating) with ordinality i
          order by i.ordinality));
      exception when others then
        get stacked diagnostics v_error = message_text;
        v_decisions := '{}';
        v_route_error := left('routing failed, lead left in stock: ' || v_error, 2000);
      end;
    end if;
    perform private.create_leads(p_source_id, v_creating, coalesce(v_decisions, '{}'), v_route_error, private.actor_or('intake'));
    v_new_ids := array(select i.new_lead_id from unnest(v_creating) i order by i.ord);
    perform private.score_new_leads(v_new_ids);
  exception when others then
    if v_n > 1 then
      return (select jsonb_agg(public.ingest_leads(p_source_id, jsonb_build_array(e.v)) -> 0 order by e.ord)
              from jsonb_array_elements(p_items) with ordinality e(v, ord));
    end if;
    -- One item: its intake is stored below, as failed, with the reason.
    get stacked diagnostics v_error = message_text;
    v_failure := left(sqlstate || ': ' || v_error, 2000);
    v_new_ids := '{}';
    v_decisions := '{}';
  end;
  if not v_route_first and cardinality(v_new_ids) > 0 then
    begin
      v_decisions := private.decide_routes(array(
        select l from unnest(v_new_ids) with ordinality u(id, ord) join public.leads l on l.id = u.id order by u.ord));
      perform private.record_routes(v_new_ids, v_decisions, private.actor_or('intake'));
    exception when others then
      get stacked diagnostics v_error = message_text;
      v_decisions := '{}';
      update public.lead_intake set error = left('routing failed, lead left in stock: ' || v_error, 2000)
      where id = any (array(select i.intake_id from unnest(v_creating) i));
    end;
  end if;
  -- Each item's decision, by item.
  v_routes := array_fill(null::private.route_decision, array[v_n]);
  for v_j in 1 .. coalesce(cardinality(v_decisions), 0) loop
    v_routes[(v_creating[v_j]).ord] := v_decisions[v_j];
  end loop;

  -- Rejected, duplicate and failed intakes, stored as they came (after the leads they point to).
  insert into public.lead_intake (id, source_id, request_id, idempotency_key, content_type, raw_body,
    payload, headers, outcome, error, lead_id, duplicate_reason, replay_of)
  select i.intake_id, p_source_id, i.intake ->> 'request_id', i.key, i.intake ->> 'content_type',
    coalesce(i.intake ->> 'raw_body', ''), i.intake -> 'payload', coalesce(i.intake -> 'headers', '{}'),
    case when i.lead is null then 'rejected' when v_created[i.ord] then 'failed' else 'duplicate' end,
    case when i.lead is null then coalesce(i.intake ->> 'error', 'invalid payload') when v_created[i.ord] then v_failure end,
    case when not v_created[i.ord] then v_lead_of[i.ord] end, v_reason[i.ord], i.replay_of
  from unnest(v_items) i
  where not v_created[i.ord] or v_failure is not null
  order by i.ord;

  return (
    select jsonb_agg(case
      when i.lead is null then jsonb_build_object('intake_id', i.intake_id, 'outcome', 'rejected')
      when not v_created[i.ord] then jsonb_build_object('intake_id', i.intake_id, 'outcome', 'duplicate',
        'lead_id', v_lead_of[i.ord], 'deduplicated', true, 'reason', v_reason[i.ord])
      when not (i.new_lead_id = any (v_new_ids)) then jsonb_build_object('intake_id', i.intake_id, 'outcome', 'failed')
      else jsonb_build_object('intake_id', i.intake_id, 'outcome', 'created', 'lead_id', i.new_lead_id,
        'deduplicated', false,
        'status', case when (v_routes[i.ord]).caller_id is not null then 'assigned' else 'new' end,
        'routing', (v_routes[i.ord]).reason,
        'assigned_to', case when (v_routes[i.ord]).caller_id is not null then jsonb_build_object(
          'id', (v_routes[i.ord]).caller_id, 'name', (v_routes[i.ord]).caller_name) end)
      end order by i.ord)
    from unnest(v_items) i);
end
$$;
comment on function public.ingest_leads(uuid, jsonb) is
  'Stores a batch of intake requests raw and makes leads of them set-based, with the result each '
  'item would get from ingest_lead one by one, in order (duplicates within the batch included). '
  'p_items: [{intake, lead}] as ingest_lead''s p_intake and p_lead. Returns ingest_lead''s answer per item.';
grant execute on function public.ingest_leads(uuid, jsonb) to service_role;

create or replace function public.ingest_lead(p_source_id uuid, p_intake jsonb, p_lead jsonb default null)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
begin
  return public.ingest_leads(p_source_id, jsonb_build_array(jsonb_build_object('intake', p_intake, 'lead', p_lead))) -> 0;
end
$$;

-- Staff add many leads at once (CSV import) the way add_lead adds one.
create or replace function public.add_leads(p_source text, p_items jsonb)
returns jsonb
language plpgsql
-- Definer for the same reason as add_lead: staff have no insert rights on intake or leads.
security definer
set search_path = ''
as $$
declare
  v_source uuid;
begin
  perform private.assert_app_role(private.staff_roles(), 'add leads');
  select id into v_source from public.sources where name = p_source and kind = 'internal';
  if v_source is null then
    raise exception 'unknown internal source %', p_source using errcode = 'PT404';
  end if;
  if jsonb_typeof(p_items) is distinct from 'array' then
    raise exception 'items must be an array of {intake, lead}' using errcode = 'PT422';
  end if;
  return public.ingest_leads(v_source, (
    select coalesce(jsonb_agg(jsonb_build_object(
             'intake', private.stamp_actor(coalesce(e.v -> 'intake', '{}')) - 'replay_of', 'lead', e.v -> 'lead')
             order by e.ord), '[]')
    from jsonb_array_elements(p_items) with ordinality e(v, ord)));
end
$$;
comment on function public.add_leads(text, jsonb) is
  'Leads entered by staff in bulk (CSV import): ingest_leads under the named internal source.';
grant execute on function public.add_leads(text, jsonb) to authenticated, service_role;
