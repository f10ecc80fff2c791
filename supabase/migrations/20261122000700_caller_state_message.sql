-- save_caller names unknown state codes in a stable order (sorted), whatever order they came in:
-- the message was in whatever order the plan produced them.

create or replace function public.save_caller(p_id uuid, p_fields jsonb, p_expected_version integer default null)
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
    select string_agg(s, ', ' order by s) into v_bad
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
