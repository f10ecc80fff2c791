-- The Overview page's figures in one round trip, also callable from the SQL console.

create or replace function public.overview_stats()
returns jsonb
language sql stable
security invoker
set search_path = ''
as $$
  with today as (select private.local_day_start(now(), public.app_time_zone()) as starts_at)
  select jsonb_build_object(
    'leads_total', (select count(*) from public.leads),
    'leads_today', (select count(*) from public.leads, today where created_at >= today.starts_at),
    'leads_by_status', coalesce(
      (select jsonb_object_agg(status, n) from
        (select status, count(*) as n from public.leads group by status) s),
      '{}'::jsonb),
    'intake_24h_by_outcome', coalesce(
      (select jsonb_object_agg(outcome, n) from
        (select outcome, count(*) as n from public.lead_intake
          where received_at >= now() - interval '24 hours' group by outcome) o),
      '{}'::jsonb),
    'callers_active', (select count(*) from public.callers where active),
    'assigned_today', (select count(*) from public.lead_assignments, today
      where caller_id is not null and assigned_at >= today.starts_at),
    'orders_open', (select count(*) from public.orders where status = 'open'),
    'orders_fulfilled', (select count(*) from public.orders where status = 'fulfilled')
  )
$$;
comment on function public.overview_stats() is
  'Dashboard headline counts; "today" is the calendar day in the app time zone. Runs under the caller''s RLS.';
grant execute on function public.overview_stats() to authenticated, service_role;
