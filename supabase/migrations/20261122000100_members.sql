-- Members: who may use the dashboard and as what. The role is read from this table inside the
-- database on every request, so a role change or a deactivation takes effect on the next
-- request, not when the member's token expires.

create table public.members (
  -- The Supabase Auth user (locally, the row the local runner creates in its auth.users).
  user_id uuid primary key references auth.users (id) on delete cascade,
  email text not null unique check (email = lower(email)),
  role text not null check (role in ('admin', 'manager', 'caller')),
  -- A caller member works the leads of this caller record.
  caller_id uuid unique references public.callers (id),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint members_caller_needs_caller check (role <> 'caller' or caller_id is not null)
);
comment on table public.members is
  'People who may sign in to the dashboard, with their role (admin | manager | caller) and, for callers, the caller record they work as. '
  'Change with add_member(email, role, caller_id) and update_member(user_id, fields).';

create trigger members_updated_at before update on public.members
  for each row execute function private.set_updated_at();

-- The viewer's active membership. Definer: the policies on members call it, and a member may
-- not read other members' rows.
create or replace function private.current_member() returns public.members
language sql stable
security definer
set search_path = ''
as $$
  select m from public.members m where m.user_id = auth.uid() and m.active
$$;
comment on function private.current_member() is
  'The signed-in viewer''s active row in members, or null: the one place the viewer''s role is looked up.';
grant execute on function private.current_member() to authenticated, service_role;

-- The role and caller now come from members, never from the token: a token's claims are fixed
-- until it expires, a membership is not.
create or replace function private.current_app_role() returns text
language sql stable
set search_path = ''
as $$
  select coalesce((private.current_member()).role, 'none')
$$;
comment on function private.current_app_role() is
  'The viewer''s LeadOps role (admin | manager | caller | none), read from members on every call.';

create or replace function private.viewer_caller_id() returns uuid
language sql stable
set search_path = ''
as $$
  select (private.current_member()).caller_id
$$;
comment on function private.viewer_caller_id() is 'The caller record the signed-in viewer works as, if any.';

alter table public.members enable row level security;
create policy "Staff can read members" on public.members
  for select to authenticated using ((select private.is_staff()));
create policy "Members can read their own membership" on public.members
  for select to authenticated using (user_id = (select auth.uid()));

-- A caller reads their own caller record (their load and hours) and the history of their leads.
create policy "Callers can read their own caller record" on public.callers
  for select to authenticated using (id = (select private.viewer_caller_id()));
create policy "Callers can read the assignments of their own leads" on public.lead_assignments
  for select to authenticated using (exists (
    select from public.leads l where l.id = lead_id and l.assigned_caller_id = (select private.viewer_caller_id())));
create policy "Callers can read the events of their own leads" on public.lead_events
  for select to authenticated using (exists (
    select from public.leads l where l.id = lead_id and l.assigned_caller_id = (select private.viewer_caller_id())));
create policy "Callers can read the score history of their own leads" on public.lead_score_history
  for select to authenticated using (exists (
    select from public.leads l where l.id = lead_id and l.assigned_caller_id = (select private.viewer_caller_id())));

-- The checks add_member and update_member share: a caller member names an existing caller that
-- no other member works as.
create or replace function private.member_problem(p_role text, p_caller_id uuid, p_user_id uuid) returns text
language sql stable
set search_path = ''
as $$
  select case
    when p_role is null or p_role not in ('admin', 'manager', 'caller') then 'role must be admin, manager or caller'
    when p_role = 'caller' and p_caller_id is null then 'a caller member needs the caller record they work as (caller_id)'
    when p_caller_id is not null and not exists (select from public.callers c where c.id = p_caller_id)
      then 'no caller with id ' || p_caller_id
    when p_caller_id is not null and exists (
        select from public.members m where m.caller_id = p_caller_id and m.user_id is distinct from p_user_id)
      then 'another member already works as that caller'
  end
$$;

-- An admin may not remove the last way in: a change that takes away an active admin leaves one.
create or replace function private.assert_admin_remains(p_before public.members) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_before.role = 'admin' and p_before.active
     and not exists (select from public.members where role = 'admin' and active) then
    raise exception 'at least one active admin must remain' using errcode = 'PT409';
  end if;
end
$$;

create or replace function public.add_member(p_email text, p_role text, p_caller_id uuid default null)
returns public.members
language plpgsql
-- Definer: members is written only here and in update_member, after the admin check.
security definer
set search_path = ''
as $$
declare
  v_user uuid;
  v_email text := lower(trim(p_email));
  v_problem text;
  v_before public.members;
  v_member public.members;
begin
  -- Membership changes are rare: one at a time, so two admins demoting each other cannot both
  -- see the other still there; and the role check below sees any change made before ours.
  lock table public.members in share row exclusive mode;
  perform private.assert_app_role('{admin}', 'add members');
  select u.id into v_user from auth.users u where lower(u.email) = v_email;
  if v_user is null then
    raise exception 'no user with the email %: invite them from the Members page, or add the user under Authentication first', v_email
      using errcode = 'PT404';
  end if;
  v_problem := private.member_problem(p_role, p_caller_id, v_user);
  if v_problem is not null then
    raise exception '%', v_problem using errcode = 'PT422';
  end if;
  if exists (select from public.members m where m.email = v_email and m.user_id <> v_user) then
    raise exception 'another member already has the email %', v_email using errcode = 'PT409';
  end if;
  select * into v_before from public.members where user_id = v_user;
  insert into public.members (user_id, email, role, caller_id)
  values (v_user, v_email, p_role, p_caller_id)
  on conflict (user_id) do update
    set email = excluded.email, role = excluded.role, caller_id = excluded.caller_id, active = true
  returning * into v_member;
  perform private.assert_admin_remains(v_before);
  return v_member;
end
$$;
comment on function public.add_member(text, text, uuid) is
  'Admins and the SQL console: makes the Auth user with this email a member (or changes their membership), '
  'e.g. select add_member(''a@b.com'', ''admin'').';
grant execute on function public.add_member(text, text, uuid) to authenticated, service_role;

create or replace function public.update_member(p_user_id uuid, p_fields jsonb)
returns public.members
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before public.members;
  v_member public.members;
  v_problem text;
  v_unknown text;
begin
  lock table public.members in share row exclusive mode;
  perform private.assert_app_role('{admin}', 'change members');
  if jsonb_typeof(p_fields) is distinct from 'object' then
    raise exception 'fields must be an object such as {"active": false}' using errcode = 'PT422';
  end if;
  select string_agg(k, ', ') into v_unknown from jsonb_object_keys(p_fields) k where k not in ('role', 'caller_id', 'active');
  if v_unknown is not null then
    raise exception 'unknown member field(s): % (use role, caller_id, active)', v_unknown using errcode = 'PT422';
  end if;
  if p_fields ? 'active' and jsonb_typeof(p_fields -> 'active') <> 'boolean' then
    raise exception 'active must be true or false' using errcode = 'PT422';
  end if;
  select * into v_before from public.members where user_id = p_user_id;
  if not found then
    raise exception 'no member %', p_user_id using errcode = 'PT404';
  end if;
  v_member := v_before;
  v_member.role := coalesce(p_fields ->> 'role', v_member.role);
  if p_fields ? 'caller_id' then
    v_member.caller_id := (p_fields ->> 'caller_id')::uuid;
  end if;
  v_member.active := coalesce((p_fields ->> 'active')::boolean, v_member.active);
  v_problem := private.member_problem(v_member.role, v_member.caller_id, p_user_id);
  if v_problem is not null then
    raise exception '%', v_problem using errcode = 'PT422';
  end if;
  update public.members set role = v_member.role, caller_id = v_member.caller_id, active = v_member.active
  where user_id = p_user_id
  returning * into v_member;
  perform private.assert_admin_remains(v_before);
  return v_member;
end
$$;
comment on function public.update_member(uuid, jsonb) is
  'Admins: changes a member''s role, caller_id or active flag, e.g. select update_member(''…'', ''{"active": false}''). '
  'The last active admin cannot be removed.';
grant execute on function public.update_member(uuid, jsonb) to authenticated, service_role;

-- The first admin of a new deployment, named by the server's LEADOPS_FIRST_ADMIN_EMAIL: takes
-- effect only while no admin exists, so the variable cannot make anyone admin later; and only
-- for the Auth user who confirmed that address (read from auth.users, not from the token), so
-- nobody can sign up with the address first and claim it.
create or replace function private.claim_first_admin(p_user_id uuid, p_email text) returns boolean
language plpgsql
set search_path = ''
as $$
begin
  -- One claim at a time: two first sign-ins must not both become admin.
  lock table public.members in share row exclusive mode;
  if exists (select from public.members where role = 'admin') then
    return false;
  end if;
  insert into public.members (user_id, email, role)
  select u.id, lower(u.email), 'admin' from auth.users u
  where u.id = p_user_id and lower(u.email) = lower(p_email) and u.email_confirmed_at is not null
  on conflict (user_id) do update set role = 'admin', active = true;
  return found;
end
$$;
comment on function private.claim_first_admin(uuid, text) is
  'Makes this Auth user (with this confirmed email) the admin while the deployment has none; the server calls it for LEADOPS_FIRST_ADMIN_EMAIL.';
