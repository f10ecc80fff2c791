-- Scoring: rules by event type, the event stream, and every score change.

-- The one definition of a valid event type: what is wrong with one, in words (null = valid).
-- plpgsql for a cached plan: every event is checked by it.
create or replace function private.event_type_problem(p_type text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_type is null or p_type !~ '^[a-z][a-z0-9_]{0,62}$' then
    return 'event type must be 1-63 lowercase letters, digits and _, starting with a letter (e.g. email_opened)';
  end if;
  return null;
end
$$;
-- Pure, and evaluated by the check constraints below for whoever writes the row.
grant execute on function private.event_type_problem(text) to authenticated, service_role;

create table public.scoring_rules (
  event_type text primary key check (private.event_type_problem(event_type) is null),
  points integer not null,
  -- Only the first N occurrences (in event time) count; null = all.
  max_per_lead integer check (max_per_lead > 0),
  -- Only events in the last N days count; null = all.
  window_days integer check (window_days > 0),
  active boolean not null default true,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);
comment on table public.scoring_rules is 'Points per event type; a lead''s score replays its events under these.';

create table public.lead_events (
  id bigint generated always as identity primary key,
  event_id text not null unique,
  lead_id uuid not null references public.leads (id),
  type text not null check (private.event_type_problem(type) is null),
  occurred_at timestamptz not null default now(),
  received_at timestamptz not null default now(),
  properties jsonb not null default '{}'::jsonb
);
comment on table public.lead_events is 'Scoring events; event_id makes delivery idempotent.';
create index lead_events_lead_time_idx on public.lead_events (lead_id, occurred_at, event_id);

create table public.lead_score_history (
  id bigint generated always as identity primary key,
  lead_id uuid not null references public.leads (id),
  cause text not null check (cause in ('event', 'recompute')),
  event_id text,
  rules_version integer not null,
  points integer not null,
  score_before integer not null,
  score_after integer not null,
  changed_at timestamptz not null default now()
);
comment on table public.lead_score_history is 'Every change of a lead''s score and its cause.';
create index lead_score_history_lead_idx on public.lead_score_history (lead_id, changed_at);

alter table public.scoring_rules enable row level security;
alter table public.lead_events enable row level security;
alter table public.lead_score_history enable row level security;
create policy "Staff can read scoring rules" on public.scoring_rules
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read lead events" on public.lead_events
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read score history" on public.lead_score_history
  for select to authenticated using ((select private.is_staff()));

insert into public.scoring_rules (event_type, points) values
  ('lead_created', 0), ('email_opened', 5), ('email_clicked', 10), ('page_view', 5),
  ('form_submitted', 20), ('call_answered', 15), ('meeting_booked', 50), ('purchase', 100),
  ('unsubscribed', -50)
on conflict (event_type) do nothing;
