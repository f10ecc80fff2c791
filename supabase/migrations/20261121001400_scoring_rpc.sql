-- Scoring: a lead's score is the sum over its events, in event time, under the current rules.
-- One function computes it (lead_scores); recording an event, replaying history and the what-if
-- preview all use it, so an incremental score always equals a full recompute.

create table public.scoring_rule_versions (
  version integer primary key,
  rules jsonb not null,
  created_at timestamptz not null default now(),
  created_by text not null
);
comment on table public.scoring_rule_versions is 'Every set of scoring rules ever in force, by version.';
alter table public.scoring_rule_versions enable row level security;
create policy "Staff can read rule versions" on public.scoring_rule_versions
  for select to authenticated using ((select private.is_staff()));

insert into public.scoring_rule_versions (version, rules, created_by)
select 1, jsonb_agg(to_jsonb(r) - 'updated_at' - 'version' order by r.event_type), 'migration' from public.scoring_rules r;

create or replace function private.scoring_version() returns integer
language sql stable
set search_path = ''
as $$
  select coalesce(max(version), 1) from public.scoring_rule_versions
$$;

create table public.scoring_jobs (
  id uuid primary key default gen_random_uuid(),
  rules_version integer not null,
  total integer not null,
  processed integer not null default 0,
  changed integer not null default 0,
  last_lead_id uuid,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  started_by text not null
);
comment on table public.scoring_jobs is 'Re-scoring runs: progress of replaying every lead under a rules version.';
alter table public.scoring_jobs enable row level security;
create policy "Staff can read scoring jobs" on public.scoring_jobs
  for select to authenticated using ((select private.is_staff()));

create index lead_score_history_changed_idx on public.lead_score_history (changed_at desc);
create index leads_score_idx on public.leads (score desc, id);

/*
 * Scores of the given leads at p_at: for each active rule, the lead's events of that type that
 * fall in the rule's window (last window_days before p_at), of which only the first
 * max_per_lead in event time (ties by event_id) count. p_rules (a JSON array of rules) scores
 * with draft rules instead of the stored ones. Leads without events score 0.
 */
create or replace function public.lead_scores(p_lead_ids uuid[], p_at timestamptz default null, p_rules jsonb default null)
returns table (lead_id uuid, score integer)
-- plpgsql for a cached plan: every event re-scores its lead through this.
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
  with rules as (
    select r.event_type, r.points, r.max_per_lead, r.window_days
    from public.scoring_rules r where p_rules is null and r.active
    union all
    select x.event_type, x.points, x.max_per_lead, x.window_days
    from jsonb_to_recordset(coalesce(p_rules, '[]'::jsonb))
      as x(event_type text, points integer, max_per_lead integer, window_days integer, active boolean)
    where p_rules is not null and coalesce(x.active, true)
  ), counted as (
    select e.lead_id, r.points, r.max_per_lead,
           row_number() over (partition by e.lead_id, e.type order by e.occurred_at, e.event_id) as n
    from public.lead_events e
    join rules r on r.event_type = e.type
    where e.lead_id = any (p_lead_ids)
      and (r.window_days is null or e.occurred_at >= coalesce(p_at, now()) - make_interval(days => r.window_days))
      and (p_at is null or e.occurred_at <= p_at)
  )
  -- Clamped: no pile of events may overflow the score column and jam re-scoring.
  select ids.id, greatest(-2000000000, least(2000000000,
           coalesce(sum(c.points::bigint) filter (where c.max_per_lead is null or c.n <= c.max_per_lead), 0)))::int
  from unnest(p_lead_ids) as ids(id)
  left join counted c on c.lead_id = ids.id
  group by ids.id;
end
$$;
comment on function public.lead_scores(uuid[], timestamptz, jsonb) is
  'Scores of leads from their events under the active rules (or draft rules in p_rules), as of p_at.';
grant execute on function public.lead_scores(uuid[], timestamptz, jsonb) to authenticated, service_role;

/*
 * Records one event and re-scores its lead. A repeated event_id changes nothing. The lead row
 * is locked first, so concurrent events of one lead are scored one after the other and none is
 * missed. Returns {deduplicated, lead_id, event_id, score_before, score}.
 */
create or replace function public.record_lead_event(
  p_event_id text, p_lead_id uuid, p_type text, p_occurred_at timestamptz default null, p_properties jsonb default '{}'::jsonb
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lead public.leads;
  v_score integer;
  v_inserted boolean;
begin
  perform private.assert_app_role(private.staff_roles(), 'record events');
  if p_event_id is null or length(p_event_id) not between 1 and 200 then
    raise exception 'event_id must be 1-200 characters' using errcode = 'PT422';
  end if;
  if private.event_type_problem(p_type) is not null then
    raise exception '%', private.event_type_problem(p_type) using errcode = 'PT422';
  end if;
  if p_occurred_at > now() + interval '5 minutes' then
    raise exception 'occurred_at % is in the future', p_occurred_at using errcode = 'PT422';
  end if;
  -- Events of one lead are scored one after the other (an advisory lock, not the row lock:
  -- order allocation skips locked lead rows, and scoring must not hide leads from it).
  perform pg_advisory_xact_lock(hashtextextended('score:' || p_lead_id, 0));
  select * into v_lead from public.leads where id = p_lead_id;
  if not found then
    raise exception 'lead % not found', p_lead_id using errcode = 'PT404';
  end if;
  insert into public.lead_events (event_id, lead_id, type, occurred_at, properties)
  values (p_event_id, p_lead_id, p_type, coalesce(p_occurred_at, now()), coalesce(p_properties, '{}'::jsonb))
  on conflict (event_id) do nothing;
  get diagnostics v_inserted = row_count;
  if not v_inserted then
    return jsonb_build_object('deduplicated', true, 'event_id', p_event_id,
      'lead_id', (select lead_id from public.lead_events where event_id = p_event_id));
  end if;
  select s.score into v_score from public.lead_scores(array[p_lead_id]) s;
  if v_score <> v_lead.score then
    update public.leads set score = v_score where id = p_lead_id;
    insert into public.lead_score_history (lead_id, cause, event_id, rules_version, points, score_before, score_after)
    values (p_lead_id, 'event', p_event_id, private.scoring_version(), v_score - v_lead.score, v_lead.score, v_score);
  end if;
  return jsonb_build_object('deduplicated', false, 'event_id', p_event_id, 'lead_id', p_lead_id,
    'score_before', v_lead.score, 'score', v_score);
end
$$;
comment on function public.record_lead_event(text, uuid, text, timestamptz, jsonb) is
  'Records a scoring event (idempotent by event_id) and re-scores the lead from all its events.';
grant execute on function public.record_lead_event(text, uuid, text, timestamptz, jsonb) to authenticated, service_role;

/* The lead an event names: by id, else the newest lead with that external id, email or phone. */
create or replace function public.find_lead(p_lead_id uuid, p_external_id text, p_email text, p_phone_e164 text)
returns uuid
language sql stable
set search_path = ''
as $$
  select coalesce(
    (select id from public.leads where id = p_lead_id),
    (select id from public.leads where p_external_id is not null and external_id = p_external_id order by created_at desc limit 1),
    (select id from public.leads where p_email is not null and email = lower(p_email) order by created_at desc limit 1),
    (select id from public.leads where p_phone_e164 is not null and phone_e164 = p_phone_e164 order by created_at desc limit 1))
$$;
comment on function public.find_lead(uuid, text, text, text) is
  'The lead a scoring event names: by id, else the newest lead with that external id, email or phone (E.164).';
grant execute on function public.find_lead(uuid, text, text, text) to authenticated, service_role;

/* Replaces the rules with p_rules (a JSON array) as a new version; returns the version. */
create or replace function public.save_scoring_rules(p_rules jsonb)
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
  -- One save at a time, so two saves never claim the same version number.
  perform pg_advisory_xact_lock(hashtextextended('scoring-rules', 0));
  v_version := private.scoring_version() + 1;
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
comment on function public.save_scoring_rules(jsonb) is
  'Replaces the scoring rules as a new version. Stored scores follow when re-scored (start_rescore / '
  'recompute_scores), or for one lead when its next event arrives.';
grant execute on function public.save_scoring_rules(jsonb) to authenticated, service_role;

/* Starts a re-scoring run over every lead under the current rules; returns the job. */
create or replace function public.start_rescore()
returns public.scoring_jobs
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_job public.scoring_jobs;
begin
  perform private.assert_app_role(private.staff_roles(), 're-score leads');
  insert into public.scoring_jobs (rules_version, total, started_by)
  values (private.scoring_version(), (select count(*) from public.leads), private.current_actor())
  returning * into v_job;
  return v_job;
end
$$;
comment on function public.start_rescore() is
  'Starts re-scoring every lead under the current rules as a job; run it with rescore_step until finished_at is set.';
grant execute on function public.start_rescore() to authenticated, service_role;

/*
 * Re-scores exactly these leads, recording a history row (cause recompute) for each whose
 * score changes; returns how many changed. An event recorded meanwhile waits, and is then
 * scored on top of this instead of lost.
 */
create or replace function private.rescore_leads(p_ids uuid[], p_rules_version integer)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_before integer[];
  v_after integer[];
begin
  -- Events of these leads wait until this is done (the same advisory locks record_lead_event
  -- takes, in one global order), so the scores read here stay true until they are written.
  perform pg_advisory_xact_lock(k) from (
    select distinct hashtextextended('score:' || id, 0) as k from unnest(p_ids) id order by 1) locks;
  select coalesce(array_agg(l.id order by l.id), '{}'), coalesce(array_agg(l.score order by l.id), '{}'),
         coalesce(array_agg(f.score order by l.id), '{}')
    into v_ids, v_before, v_after
  from public.leads l join public.lead_scores(coalesce(p_ids, '{}')) f on f.lead_id = l.id
  where l.score <> f.score;
  -- Only the changed rows are locked, in id order like every other bulk update of leads.
  perform 1 from public.leads where id = any (v_ids) order by id for update;
  update public.leads l set score = u.after from unnest(v_ids, v_after) as u(id, after) where l.id = u.id;
  insert into public.lead_score_history (lead_id, cause, rules_version, points, score_before, score_after)
  select u.id, 'recompute', p_rules_version, u.after - u.before, u.before, u.after
  from unnest(v_ids, v_before, v_after) as u(id, before, after);
  return cardinality(v_ids);
end
$$;

/*
 * Re-scores the next p_limit leads of a job (in id order), in one statement: leads whose score
 * changes get a history row (cause recompute, the job's rules version). Returns the job.
 */
create or replace function public.rescore_step(p_job_id uuid, p_limit integer default 2000)
returns public.scoring_jobs
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_job public.scoring_jobs;
  v_ids uuid[];
  v_changed integer;
begin
  perform private.assert_app_role(private.staff_roles(), 're-score leads');
  select * into v_job from public.scoring_jobs where id = p_job_id for update;
  if not found then
    raise exception 'scoring job % not found', p_job_id using errcode = 'PT404';
  end if;
  if v_job.finished_at is not null then
    return v_job;
  end if;
  if v_job.rules_version <> private.scoring_version() then
    raise exception 'the rules changed since this re-score started (version % -> %): start a new one',
      v_job.rules_version, private.scoring_version() using errcode = 'PT409';
  end if;
  select array_agg(id order by id) into v_ids from (
    select id from public.leads where v_job.last_lead_id is null or id > v_job.last_lead_id
    order by id limit least(greatest(p_limit, 1), 20000)) batch;
  v_changed := private.rescore_leads(v_ids, v_job.rules_version);
  update public.scoring_jobs set
    processed = processed + coalesce(cardinality(v_ids), 0),
    changed = changed + v_changed,
    last_lead_id = coalesce(v_ids[cardinality(v_ids)], last_lead_id),
    finished_at = case when coalesce(cardinality(v_ids), 0) < least(greatest(p_limit, 1), 20000) then now() end
  where id = p_job_id
  returning * into v_job;
  return v_job;
end
$$;
comment on function public.rescore_step(uuid, integer) is
  'Re-scores the next batch of leads of a scoring job; call until finished_at is set.';
grant execute on function public.rescore_step(uuid, integer) to authenticated, service_role;

/*
 * For the SQL console: re-scores the given leads, or every lead (as one scoring job run to the
 * end) when p_lead_ids is null. Returns {processed, changed}.
 */
create or replace function public.recompute_scores(p_lead_ids uuid[] default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_job public.scoring_jobs;
begin
  perform private.assert_app_role(private.staff_roles(), 're-score leads');
  if p_lead_ids is null then
    v_job := public.start_rescore();
    loop
      v_job := public.rescore_step(v_job.id, 5000);
      exit when v_job.finished_at is not null;
    end loop;
    return jsonb_build_object('processed', v_job.processed, 'changed', v_job.changed, 'job_id', v_job.id);
  end if;
  insert into public.scoring_jobs (rules_version, total, processed, started_by)
  values (private.scoring_version(), cardinality(p_lead_ids), cardinality(p_lead_ids), private.current_actor())
  returning * into v_job;
  update public.scoring_jobs set changed = private.rescore_leads(p_lead_ids, v_job.rules_version), finished_at = now()
  where id = v_job.id returning * into v_job;
  return jsonb_build_object('processed', v_job.processed, 'changed', v_job.changed, 'job_id', v_job.id);
end
$$;
comment on function public.recompute_scores(uuid[]) is
  'Re-scores the given leads, or all of them, from their events under the current rules.';
grant execute on function public.recompute_scores(uuid[]) to authenticated, service_role;

/*
 * What-if: the score distribution now and under draft rules, and the leads that would move
 * most, without changing anything.
 */
create or replace function public.preview_scores(p_rules jsonb, p_movers integer default 20)
returns jsonb
language sql stable
set search_path = ''
as $$
  with ids as (select array_agg(id) as ids from public.leads),
  draft as (select s.lead_id, s.score from ids, public.lead_scores(ids.ids, null, p_rules) s),
  both_scores as (select l.id, l.first_name, l.last_name, l.score as current, d.score as draft
                  from public.leads l join draft d on d.lead_id = l.id),
  buckets(label, lo, hi, ord) as (values ('below 0', -2147483648, -1, 1), ('0', 0, 0, 2), ('1-24', 1, 24, 3),
    ('25-49', 25, 49, 4), ('50-99', 50, 99, 5), ('100+', 100, 2147483647, 6))
  select jsonb_build_object(
    'leads', (select count(*) from both_scores),
    'changed', (select count(*) from both_scores where current <> draft),
    'distribution', (select jsonb_agg(jsonb_build_object('bucket', b.label,
        'current', (select count(*) from both_scores s where s.current between b.lo and b.hi),
        'draft', (select count(*) from both_scores s where s.draft between b.lo and b.hi)) order by b.ord) from buckets b),
    'movers', coalesce((select jsonb_agg(m) from (
        select id as lead_id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) as name, current, draft,
               draft - current as delta
        from both_scores where current <> draft order by abs(draft - current) desc, id limit p_movers) m), '[]'::jsonb))
$$;
comment on function public.preview_scores(jsonb, integer) is
  'Score distribution and biggest movers under draft rules, compared with the stored scores; changes nothing.';
grant execute on function public.preview_scores(jsonb, integer) to authenticated, service_role;
