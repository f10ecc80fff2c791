-- Buyer orders, the leads allocated to them, and the per-state caps.

create table public.state_caps (
  state char(2) primary key references public.us_states (code),
  cap integer not null check (cap >= 0),
  updated_at timestamptz not null default now()
);
comment on table public.state_caps is
  'Most leads of a state one order may take, unless the order sets its own cap.';

create table public.orders (
  id uuid primary key default gen_random_uuid(),
  customer_name text not null check (length(trim(customer_name)) > 0),
  customer_email text check (customer_email = lower(customer_email)),
  requested_states text[] not null check (cardinality(requested_states) > 0),
  quantity integer check (quantity > 0),
  -- Per-order caps by state, e.g. {"CA":5}; override state_caps.
  state_caps jsonb not null default '{}'::jsonb,
  status text not null default 'open' check (status in ('open', 'fulfilled', 'deleted')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  fulfilled_at timestamptz,
  deleted_at timestamptz
);
comment on table public.orders is 'Buyer orders: open -> fulfilled; deleted keeps the row for audit.';
create index orders_status_created_idx on public.orders (status, created_at desc);
create index orders_customer_idx on public.orders (lower(customer_name));

create trigger orders_updated_at before update on public.orders
  for each row execute function private.set_updated_at();

create table public.order_leads (
  order_id uuid not null references public.orders (id),
  lead_id uuid not null references public.leads (id),
  allocated_at timestamptz not null default now(),
  released_at timestamptz,
  release_reason text,
  primary key (order_id, lead_id)
);
comment on table public.order_leads is
  'Leads allocated to orders; released_at is set when a lead is returned or its order deleted.';
-- A lead belongs to at most one order at a time.
create unique index order_leads_active_lead_idx on public.order_leads (lead_id) where released_at is null;

alter table public.state_caps enable row level security;
alter table public.orders enable row level security;
alter table public.order_leads enable row level security;
create policy "Staff can read state caps" on public.state_caps
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read orders" on public.orders
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read order leads" on public.order_leads
  for select to authenticated using ((select private.is_staff()));
