-- Callers (routing targets), leads, and the history of who worked which lead.

create table public.callers (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  email text unique check (email = lower(email)),
  active boolean not null default true,
  -- Empty means "no state restriction": the caller belongs to the global pool.
  assigned_states text[] not null default '{}',
  business_line text references public.business_lines (code),
  languages text[] not null default '{}',
  daily_lead_limit integer not null default 25 check (daily_lead_limit >= 0),
  hourly_lead_limit integer check (hourly_lead_limit >= 0),
  max_open_leads integer check (max_open_leads >= 0),
  -- Weekly hours in the app time zone, e.g. {"mon":[["09:00","17:00"]], ...}; null = always.
  working_hours jsonb,
  away_until timestamptz,
  last_assigned_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.callers is 'People leads are routed to, with their states, caps and hours.';
create index callers_assigned_states_idx on public.callers using gin (assigned_states);

create trigger callers_updated_at before update on public.callers
  for each row execute function private.set_updated_at();

create table public.leads (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  source_id uuid references public.sources (id),
  intake_id uuid references public.lead_intake (id),
  first_name text,
  last_name text,
  email text check (email = lower(email)),
  phone text,
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  state char(2) references public.us_states (code),
  country text,
  zip text,
  city text,
  business_line text references public.business_lines (code),
  language text,
  document_type text,
  document_number text,
  external_id text,
  metadata jsonb not null default '{}'::jsonb,
  score integer not null default 0,
  status text not null default 'new'
    check (status in ('new', 'assigned', 'contacted', 'qualified', 'won', 'lost', 'reserved', 'sold')),
  status_changed_at timestamptz not null default now(),
  assigned_caller_id uuid references public.callers (id),
  duplicate_of uuid references public.leads (id)
);
comment on table public.leads is
  'Normalized leads. Status: new (in stock) -> assigned -> contacted -> qualified | won | lost; '
  'new -> reserved (in an order) -> sold; reserved/sold -> new when returned.';

-- Stock allocation takes the oldest new leads of a state first.
create index leads_stock_idx on public.leads (state, created_at) where status = 'new';
create index leads_status_created_idx on public.leads (status, created_at desc);
create index leads_created_at_idx on public.leads (created_at desc);
create index leads_phone_e164_idx on public.leads (phone_e164, created_at desc) where phone_e164 is not null;
create index leads_email_idx on public.leads (email, created_at desc) where email is not null;
create index leads_document_number_idx on public.leads (document_number) where document_number is not null;
create index leads_assigned_caller_idx on public.leads (assigned_caller_id) where assigned_caller_id is not null;

create trigger leads_updated_at before update on public.leads
  for each row execute function private.set_updated_at();

alter table public.lead_intake
  add constraint lead_intake_lead_id_fkey foreign key (lead_id) references public.leads (id);

create table public.lead_assignments (
  id uuid primary key default gen_random_uuid(),
  lead_id uuid not null references public.leads (id),
  caller_id uuid references public.callers (id),
  reason text not null
    check (reason in ('state_match', 'global_pool', 'overflow_fewest_today', 'manual', 'reassigned_stale', 'stock')),
  -- Callers considered and, for each one ruled out, why.
  candidates jsonb not null default '[]'::jsonb,
  actor text not null default 'system',
  assigned_at timestamptz not null default now(),
  ended_at timestamptz,
  end_reason text
);
comment on table public.lead_assignments is
  'Every routing decision, current and past, with the reason and the candidates considered.';
-- A lead has at most one current assignment.
create unique index lead_assignments_current_idx on public.lead_assignments (lead_id)
  where ended_at is null and caller_id is not null;
create index lead_assignments_caller_day_idx on public.lead_assignments (caller_id, assigned_at);

alter table public.callers enable row level security;
alter table public.leads enable row level security;
alter table public.lead_assignments enable row level security;
create policy "Staff can read callers" on public.callers
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read leads" on public.leads
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read assignments" on public.lead_assignments
  for select to authenticated using ((select private.is_staff()));
