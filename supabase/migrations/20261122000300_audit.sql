-- The audit log: every change to the core tables, with who made it. Written by triggers, so a
-- change leaves its row whichever way it is made: an RPC from the dashboard or the API, intake,
-- the SQL console, or a plain update.

create table public.audit_log (
  id bigint generated always as identity primary key,
  -- The transaction's time: every row one transaction writes has the same `at`.
  at timestamptz not null default now(),
  table_name text not null,
  action text not null check (action in ('insert', 'update', 'delete')),
  -- The primary key as text; columns of a composite key joined by '/' (order_leads: order/lead).
  row_id text not null,
  changes jsonb not null,
  actor text not null,
  actor_kind text not null check (actor_kind in ('member', 'api_key', 'source', 'system', 'console')),
  -- Text, not inet: a malformed value from the server must never make a write fail.
  client_ip text
);
comment on table public.audit_log is
  'Who changed what in the core tables, written by triggers. Nobody but the table owner changes or deletes a row. '
  'changes: insert = the new row, delete = the old row, update = only the changed fields as {"field": {"old": …, "new": …}}; '
  'secret hashes show as "[redacted]". An update that only touches bookkeeping columns (updated_at, …) writes no row.';
comment on column public.audit_log.actor is
  'A member''s email, ''api key <name>'', ''source <name>'' (intake), the transaction''s leadops.actor, or the database user (SQL console).';
comment on column public.audit_log.client_ip is
  'The transaction''s leadops.client_ip, which the server sets when it knows the client; null otherwise.';

-- The Audit page: newest first, and one row's trail (the lead page).
create index audit_log_at_idx on public.audit_log (at desc, id desc);
create index audit_log_row_idx on public.audit_log (table_name, row_id, at desc, id desc);

alter table public.audit_log enable row level security;
-- Managers read the trail of what they manage; changes to keys, sources, members and settings
-- (key names, who holds which role, from which address) are for admins.
create policy "Staff can read the audit log" on public.audit_log
  for select to authenticated using (
    (select private.current_app_role()) = 'admin'
    or ((select private.is_staff()) and table_name not in ('api_keys', 'sources', 'members', 'app_settings')));
-- Not callers: a trail names the staff who touched a lead and where from (emails, IPs). A
-- caller's own history of their leads is in lead_status_history.

-- Written only by the trigger below (as the owner): nobody else inserts, changes or deletes a
-- row, service_role included. Supabase grants every role everything on new tables in public.
revoke all on public.audit_log from anon, authenticated, service_role;
grant select on public.audit_log to authenticated, service_role;
revoke all on sequence public.audit_log_id_seq from anon, authenticated, service_role;

/*
 * Who is making the change being recorded, in this order:
 * - a signed-in member (auth.uid() is an active member): their email;
 * - an API key (claim api_key = true): 'api key <name>';
 * - no claims (the server's own connection or the SQL console): the transaction's
 *   leadops.actor when it set one; else, for a lead that intake created in this transaction
 *   (it has an intake and its created_at is the transaction's start), 'source <name>', so its
 *   routing right after is the source's too; else the database user, i.e. the SQL console.
 */
create or replace function private.audit_actor(p_table text, p_row jsonb, out actor text, out actor_kind text)
language plpgsql stable
set search_path = ''
as $$
declare
  v_claims jsonb := auth.jwt();
begin
  if v_claims is not null then
    select m.email, 'member' into actor, actor_kind from public.members m where m.user_id = auth.uid() and m.active;
    if found then
      return;
    end if;
    if v_claims ->> 'api_key' = 'true' then
      actor := 'api key ' || coalesce(v_claims ->> 'key_name', v_claims ->> 'sub');
      actor_kind := 'api_key';
      return;
    end if;
    -- Claims of no active member or key (a service_role token, a member deactivated since):
    -- they cannot reach a write through the RPCs, but whatever they did says who they claim to be.
    actor := coalesce(v_claims ->> 'email', v_claims ->> 'sub', v_claims ->> 'role', session_user::text);
    actor_kind := case when v_claims ->> 'role' = 'service_role' then 'system' else 'member' end;
    return;
  end if;
  actor := nullif(current_setting('leadops.actor', true), '');
  if actor is not null then
    actor_kind := 'system';
    return;
  end if;
  if p_table = 'leads' and p_row ->> 'intake_id' is not null and (p_row ->> 'created_at')::timestamptz = now() then
    select 'source ' || s.name, 'source' into actor, actor_kind from public.sources s where s.id = (p_row ->> 'source_id')::uuid;
    if found then
      return;
    end if;
  end if;
  actor := session_user::text;
  actor_kind := 'console';
end
$$;
comment on function private.audit_actor(text, jsonb) is
  'Who is changing p_row of p_table, for the audit log: a member, an API key, an intake source, the transaction''s '
  'leadops.actor, or the SQL console (the database user).';

/*
 * The audit trigger. Its arguments say how to read the table's rows, as text arrays:
 * 1. the primary key column(s);
 * 2. bookkeeping columns: an update may move them without it being worth a row (updated_at,
 *    round-robin stamps, ...), and they are left out of every update's changes;
 * 3. secret columns: their values never reach the log ("[redacted]" when set).
 * Row-level on purpose: about 0.1 ms per audited row, so intake (a lead insert and its routing
 * update) keeps over 0.9x its speed. Statement-level triggers with transition tables measured
 * several times slower here: for one-row statements, and for bulk ones when the old and new
 * transition tables are joined without statistics. A bookkeeping-only update returns before
 * any query runs.
 * Definer: it writes audit_log, which nobody else may write, and names the actor from members
 * and sources, which the writer may not be able to read.
 */
create or replace function private.audit_row_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key text[] := tg_argv[0]::text[];
  v_bookkeeping text[] := coalesce(tg_argv[1]::text[], '{}');
  v_secret text[] := coalesce(tg_argv[2]::text[], '{}');
  v_old jsonb;
  v_new jsonb;
  v_row jsonb;
  v_changes jsonb;
  v_row_id text;
  v_column text;
  v_who record;
begin
  if tg_op = 'UPDATE' then
    v_old := to_jsonb(old) - v_bookkeeping;
    v_new := to_jsonb(new) - v_bookkeeping;
    if v_new = v_old then
      return null;
    end if;
    select jsonb_object_agg(n.key, jsonb_build_object('old', v_old -> n.key, 'new', n.value)) into v_changes
    from jsonb_each(v_new) n where n.value is distinct from v_old -> n.key;
    foreach v_column in array v_secret loop
      if v_changes ? v_column then
        v_changes := v_changes || jsonb_build_object(v_column, jsonb_build_object(
          'old', case when v_old -> v_column = 'null' then 'null'::jsonb else '"[redacted]"'::jsonb end,
          'new', case when v_new -> v_column = 'null' then 'null'::jsonb else '"[redacted]"'::jsonb end));
      end if;
    end loop;
    v_row := v_new;
  else
    v_row := to_jsonb(case when tg_op = 'INSERT' then new else old end);
    v_changes := v_row;
    foreach v_column in array v_secret loop
      if v_row -> v_column <> 'null' then
        v_changes := jsonb_set(v_changes, array[v_column], '"[redacted]"');
      end if;
    end loop;
  end if;
  foreach v_column in array v_key loop
    v_row_id := concat_ws('/', v_row_id, v_row ->> v_column);
  end loop;
  v_who := private.audit_actor(tg_table_name, v_row);
  insert into public.audit_log (table_name, action, row_id, changes, actor, actor_kind, client_ip)
  values (tg_table_name, lower(tg_op), v_row_id, v_changes, v_who.actor, v_who.actor_kind,
          nullif(current_setting('leadops.client_ip', true), ''));
  return null;
end
$$;
comment on function private.audit_row_change() is
  'Trigger: records an insert, a real update (only the changed fields) or a delete in audit_log. '
  'Arguments: key columns, bookkeeping columns, secret columns (text arrays).';

-- Bookkeeping: columns the database moves by itself alongside a change or instead of one
-- (updated_at, routing's round-robin and status stamps, key use, and the edit-version
-- counters of callers and settings that 20261122000400_edit_versions.sql adds). A lead's score
-- counts as one too: it is derived from its events under the rules, every change of it is in
-- lead_score_history with its cause, and what moves it (events, rule changes) is audited
-- itself; auditing it again would add a row to every scored event and re-scored lead
-- (re-scoring measured 2.5-3x slower with it, 1.7x without).
create trigger leads_audit after insert or update or delete on public.leads
  for each row execute function private.audit_row_change('{id}', '{updated_at,status_changed_at,score}');
create trigger callers_audit after insert or update or delete on public.callers
  for each row execute function private.audit_row_change('{id}', '{updated_at,last_assigned_at,version}');
create trigger orders_audit after insert or update or delete on public.orders
  for each row execute function private.audit_row_change('{id}', '{updated_at}');
-- Returns are order_leads rows released with release_kind 'returned'.
create trigger order_leads_audit after insert or update or delete on public.order_leads
  for each row execute function private.audit_row_change('{order_id,lead_id}');
create trigger state_caps_audit after insert or update or delete on public.state_caps
  for each row execute function private.audit_row_change('{state}', '{updated_at}');
create trigger app_settings_audit after insert or update or delete on public.app_settings
  for each row execute function private.audit_row_change('{key}', '{updated_at,version}');
create trigger scoring_rules_audit after insert or update or delete on public.scoring_rules
  for each row execute function private.audit_row_change('{event_type}', '{updated_at}');
create trigger scoring_rule_versions_audit after insert or update or delete on public.scoring_rule_versions
  for each row execute function private.audit_row_change('{version}');
create trigger sources_audit after insert or update or delete on public.sources
  for each row execute function private.audit_row_change('{id}', '{updated_at}', '{secret_hash,previous_secret_hash}');
create trigger members_audit after insert or update or delete on public.members
  for each row execute function private.audit_row_change('{user_id}', '{updated_at}');
create trigger api_keys_audit after insert or update or delete on public.api_keys
  for each row execute function private.audit_row_change('{id}', '{last_used_at}', '{key_hash}');
