-- Foundation shared by every domain: the viewer's application role, settings, updated_at.

-- The application role travels in the JWT's app_metadata (set by the server for the local
-- admin, by Supabase Auth hooks in production). Policies compare against it.
create or replace function public.current_app_role() returns text
language sql stable
set search_path = ''
as $$
  select coalesce(auth.jwt() -> 'app_metadata' ->> 'role', 'none')
$$;
comment on function public.current_app_role() is
  'The viewer''s LeadOps role (admin | manager | caller | none) from the JWT app_metadata.';
revoke execute on function public.current_app_role() from public, anon;
grant execute on function public.current_app_role() to authenticated, service_role;

create or replace function public.is_staff() returns boolean
language sql stable
set search_path = ''
as $$
  select public.current_app_role() in ('admin', 'manager')
$$;
comment on function public.is_staff() is 'True when the viewer is an admin or a manager.';
revoke execute on function public.is_staff() from public, anon;
grant execute on function public.is_staff() to authenticated, service_role;

create or replace function public.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
revoke execute on function public.set_updated_at() from public, anon, authenticated;

create table public.app_settings (
  key text primary key check (key ~ '^[a-z][a-z0-9_]*$'),
  value jsonb not null,
  description text not null default '',
  updated_at timestamptz not null default now()
);
comment on table public.app_settings is
  'Tunable business settings (dedupe window, overflow policy, return rules, ...), one row each.';

create trigger app_settings_updated_at before update on public.app_settings
  for each row execute function public.set_updated_at();

alter table public.app_settings enable row level security;
create policy "Staff can read settings" on public.app_settings
  for select to authenticated using ((select public.is_staff()));
create policy "Admins can change settings" on public.app_settings
  for update to authenticated using ((select public.current_app_role()) = 'admin');

insert into public.app_settings (key, value, description) values
  ('dedupe_window_hours', '24', 'Same phone or email within this many hours is a duplicate.'),
  ('overflow_policy', '"stock"', 'When no caller is eligible: stock | fewest_today.'),
  ('default_state_cap', '10', 'Leads per state per order when no cap is set.'),
  ('return_window_days', '7', 'Days after fulfillment during which leads can be returned.'),
  ('max_return_rate', '0.2', 'Largest share of an order''s leads that can be returned.')
on conflict (key) do nothing;
