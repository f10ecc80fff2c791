-- Who may send leads, and every request they sent, stored raw before anything else happens.

-- The one definition of a valid source name: what is wrong with one, in words (null = valid).
create or replace function private.source_name_problem(p_name text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_name is null or p_name !~ '^[a-z0-9][a-z0-9_-]{0,62}$'
    then 'source name must be 1-63 lowercase letters, digits, - or _, starting with a letter or digit' end
$$;
-- Pure, and evaluated by the check constraint below for whoever writes the row.
grant execute on function private.source_name_problem(text) to authenticated, service_role;

create table public.sources (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (private.source_name_problem(name) is null),
  -- sha256 hex of the secret; the secret itself is shown once and never stored.
  secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
  -- The previous secret stays valid during a rotation until it is cleared.
  previous_secret_hash text check (previous_secret_hash ~ '^[0-9a-f]{64}$'),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.sources is 'Senders allowed to POST /api/ingest, each with a hashed secret.';

create trigger sources_updated_at before update on public.sources
  for each row execute function private.set_updated_at();

create table public.lead_intake (
  id uuid primary key default gen_random_uuid(),
  received_at timestamptz not null default now(),
  source_id uuid references public.sources (id),
  request_id text not null,
  idempotency_key text,
  content_type text,
  raw_body text not null,
  payload jsonb,
  headers jsonb not null default '{}'::jsonb,
  outcome text not null check (outcome in ('created', 'duplicate', 'rejected', 'failed')),
  lead_id uuid,
  error text,
  replay_of uuid references public.lead_intake (id),
  constraint lead_intake_idempotency_key_per_source unique (source_id, idempotency_key)
);
comment on table public.lead_intake is
  'Every authenticated intake request, raw, with its outcome. Never deleted by the app.';

create index lead_intake_received_at_idx on public.lead_intake (received_at desc);
create index lead_intake_outcome_idx on public.lead_intake (outcome, received_at desc);
create index lead_intake_lead_id_idx on public.lead_intake (lead_id);

alter table public.sources enable row level security;
alter table public.lead_intake enable row level security;
create policy "Staff can read sources" on public.sources
  for select to authenticated using ((select private.is_staff()));
create policy "Staff can read intake" on public.lead_intake
  for select to authenticated using ((select private.is_staff()));
