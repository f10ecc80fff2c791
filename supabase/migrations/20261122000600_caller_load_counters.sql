-- Caller loads without counting a day of rows. Routing reads every possible taker's load on
-- every decision; counting their assignments since midnight and their open leads row by row
-- made each decision slower as the day went on (about 1 ms per read at 1,500 leads a day, and
-- linear in the day's volume). Triggers keep per-quarter-hour assignment counts and open-lead
-- counts beside the rows; caller_loads sums those and counts rows only at the edges of a window,
-- so its answer stays exactly what counting rows gives, for any moment.

-- Assignments per caller per quarter hour (quarters aligned to UTC, so every time zone's
-- midnight falls on one: offsets are whole quarter hours).
create table private.caller_quarter_assignments (
  caller_id uuid not null references public.callers (id) on delete cascade,
  quarter timestamptz not null,
  assigned integer not null,
  primary key (caller_id, quarter)
);
comment on table private.caller_quarter_assignments is
  'lead_assignments with a caller, counted per caller and quarter hour; kept by triggers, read by caller_loads.';

-- Leads each caller is working (open statuses).
create table private.caller_open_leads (
  caller_id uuid primary key references public.callers (id) on delete cascade,
  open_leads integer not null
);
comment on table private.caller_open_leads is
  'Leads in open statuses per assigned caller; kept by triggers, read by caller_loads.';

-- Read by caller_loads, which signed-in users run (the Callers page, a lead's routing view).
grant select on private.caller_quarter_assignments, private.caller_open_leads to authenticated, service_role;

create or replace function private.quarter_of(p_at timestamptz) returns timestamptz
language sql immutable
set search_path = ''
as $$ select date_bin('15 minutes', p_at, timestamptz '2000-01-01 00:00+00') $$;
grant execute on function private.quarter_of(timestamptz) to authenticated, service_role;

-- Nothing is written to the counted tables between the backfill and the triggers below.
lock table public.lead_assignments, public.leads in share row exclusive mode;
insert into private.caller_quarter_assignments (caller_id, quarter, assigned)
select caller_id, private.quarter_of(assigned_at), count(*) from public.lead_assignments
where caller_id is not null group by 1, 2;
insert into private.caller_open_leads (caller_id, open_leads)
select assigned_caller_id, count(*) from public.leads
where assigned_caller_id is not null and status = any (private.open_statuses()) group by 1;

-- Adds p_delta assignments to the quarters of the given rows.
create or replace function private.count_quarters(p_rows jsonb, p_delta integer) returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into private.caller_quarter_assignments as q (caller_id, quarter, assigned)
  select (r ->> 'caller_id')::uuid, private.quarter_of((r ->> 'assigned_at')::timestamptz), p_delta * count(*)
  from jsonb_array_elements(p_rows) r
  where r ->> 'caller_id' is not null
  group by 1, 2
  order by 1, 2
  on conflict (caller_id, quarter) do update set assigned = q.assigned + excluded.assigned;
end
$$;

/*
 * Statement-level for inserts and deletes, so a batch of assignments costs one upsert per caller
 * and quarter; row-level for the rare update that moves an assignment. Definer:
 * assignments are written by RPCs on behalf of signed-in users, who may not write the counts.
 */
create or replace function private.count_assignments() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Delete, not truncate: a TRUNCATE ... CASCADE from callers has these tables open already.
  if tg_op = 'TRUNCATE' then
    delete from private.caller_quarter_assignments;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    perform private.count_quarters(jsonb_build_array(jsonb_build_object('caller_id', old.caller_id, 'assigned_at', old.assigned_at)), -1);
    perform private.count_quarters(jsonb_build_array(jsonb_build_object('caller_id', new.caller_id, 'assigned_at', new.assigned_at)), 1);
  elsif tg_op = 'DELETE' then
    perform private.count_quarters((select jsonb_agg(jsonb_build_object('caller_id', o.caller_id, 'assigned_at', o.assigned_at)) from old_rows o where o.caller_id is not null), -1);
  else
    perform private.count_quarters((select jsonb_agg(jsonb_build_object('caller_id', n.caller_id, 'assigned_at', n.assigned_at)) from new_rows n where n.caller_id is not null), 1);
  end if;
  return null;
end
$$;
create trigger lead_assignments_count_insert after insert on public.lead_assignments
  referencing new table as new_rows for each statement execute function private.count_assignments();
-- Ending an assignment (ended_at) moves no count: only a changed caller or time fires this.
create trigger lead_assignments_count_update after update on public.lead_assignments
  for each row when (old.caller_id is distinct from new.caller_id or old.assigned_at is distinct from new.assigned_at)
  execute function private.count_assignments();
create trigger lead_assignments_count_delete after delete on public.lead_assignments
  referencing old table as old_rows for each statement execute function private.count_assignments();
create trigger lead_assignments_count_truncate after truncate on public.lead_assignments
  for each statement execute function private.count_assignments();

-- Adds p_delta to the open-lead counts of the callers of the given leads that are open.
create or replace function private.count_open(p_rows jsonb, p_delta integer) returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into private.caller_open_leads as o (caller_id, open_leads)
  select (r ->> 'assigned_caller_id')::uuid, p_delta * count(*)
  from jsonb_array_elements(p_rows) r
  where r ->> 'assigned_caller_id' is not null and r ->> 'status' = any (private.open_statuses())
  group by 1
  order by 1
  on conflict (caller_id) do update set open_leads = o.open_leads + excluded.open_leads;
end
$$;

-- Statement-level for inserts and deletes (a batch is one upsert per caller). Definer for the
-- same reason as count_assignments.
create or replace function private.count_open_leads() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from private.caller_open_leads;
  elsif tg_op = 'INSERT' then
    perform private.count_open((select jsonb_agg(jsonb_build_object('assigned_caller_id', n.assigned_caller_id, 'status', n.status))
                                from new_rows n where n.assigned_caller_id is not null), 1);
  else
    perform private.count_open((select jsonb_agg(jsonb_build_object('assigned_caller_id', o.assigned_caller_id, 'status', o.status))
                                from old_rows o where o.assigned_caller_id is not null), -1);
  end if;
  return null;
end
$$;

-- Row-level for updates, and only when status or caller change: a score update never fires it.
create or replace function private.count_open_lead_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_was boolean := old.assigned_caller_id is not null and old.status = any (private.open_statuses());
  v_is boolean := new.assigned_caller_id is not null and new.status = any (private.open_statuses());
begin
  if v_was and (not v_is or old.assigned_caller_id <> new.assigned_caller_id) then
    update private.caller_open_leads set open_leads = open_leads - 1 where caller_id = old.assigned_caller_id;
  end if;
  if v_is and (not v_was or old.assigned_caller_id <> new.assigned_caller_id) then
    insert into private.caller_open_leads as o (caller_id, open_leads) values (new.assigned_caller_id, 1)
    on conflict (caller_id) do update set open_leads = o.open_leads + 1;
  end if;
  return null;
end
$$;

create trigger leads_count_open_insert after insert on public.leads
  referencing new table as new_rows for each statement execute function private.count_open_leads();
create trigger leads_count_open_delete after delete on public.leads
  referencing old table as old_rows for each statement execute function private.count_open_leads();
create trigger leads_count_open_truncate after truncate on public.leads
  for each statement execute function private.count_open_leads();
create trigger leads_count_open_update after update of status, assigned_caller_id on public.leads
  for each row when (old.status is distinct from new.status or old.assigned_caller_id is distinct from new.assigned_caller_id)
  execute function private.count_open_lead_change();

/*
 * Each caller's load at p_at, as before: assignments since the start of that day in the app
 * time zone and in the hour before (up to p_at), and open leads. Exactly what counting the rows
 * gives, for any moment: whole quarter hours inside a window come from the counts; rows are
 * counted only between a window's start and its first whole quarter, and the quarter holding
 * p_at is its count less the rows after p_at in it (none when p_at is now).
 */
create or replace function public.caller_loads(p_at timestamptz default null)
returns table (caller_id uuid, assigned_today integer, assigned_last_hour integer, open_leads integer)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_at timestamptz := coalesce(p_at, clock_timestamp());
  v_day_start timestamptz := private.local_day_start(v_at, public.app_time_zone());
  v_hour_start timestamptz := v_at - interval '1 hour';
  -- The quarter holding p_at, and the first whole quarter of each window.
  v_last timestamptz := private.quarter_of(v_at);
  v_day_first timestamptz := private.quarter_of(v_day_start);
  v_hour_first timestamptz := private.quarter_of(v_hour_start) + interval '15 minutes';
begin
  if v_day_first <> v_day_start then
    v_day_first := v_day_first + interval '15 minutes';
  end if;
  return query
  select c.id,
    (case when v_day_first > v_last then
       (select count(*) from public.lead_assignments a
        where a.caller_id = c.id and a.assigned_at >= v_day_start and a.assigned_at <= v_at)
     else
       (select coalesce(sum(q.assigned), 0) from private.caller_quarter_assignments q
        where q.caller_id = c.id and q.quarter >= v_day_first and q.quarter <= v_last)
       + (select count(*) from public.lead_assignments a
          where a.caller_id = c.id and a.assigned_at >= v_day_start and a.assigned_at < v_day_first)
       - later.n
     end)::int,
    (case when v_hour_first > v_last then
       (select count(*) from public.lead_assignments a
        where a.caller_id = c.id and a.assigned_at > v_hour_start and a.assigned_at <= v_at)
     else
       (select coalesce(sum(q.assigned), 0) from private.caller_quarter_assignments q
        where q.caller_id = c.id and q.quarter >= v_hour_first and q.quarter <= v_last)
       + (select count(*) from public.lead_assignments a
          where a.caller_id = c.id and a.assigned_at > v_hour_start and a.assigned_at < v_hour_first)
       - later.n
     end)::int,
    coalesce(o.open_leads, 0)
  from public.callers c
  left join private.caller_open_leads o on o.caller_id = c.id
  cross join lateral (
    select count(*) as n from public.lead_assignments a
    where a.caller_id = c.id and a.assigned_at > v_at and a.assigned_at < v_last + interval '15 minutes') later;
end
$$;
