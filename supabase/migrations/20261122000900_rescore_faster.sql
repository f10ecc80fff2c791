-- Re-scoring 1,000,000 events took about 12 s, most of it not scoring:
-- - each step joined lead_scores' output to leads, and the planner, unable to see how few rows
--   that is, scanned every lead to do it: the leads are now found by id;
-- - every re-scored lead ran the audit trigger, which built the row as JSON twice only to find
--   that the score (bookkeeping for the audit log) was all that changed. The update trigger now
--   has a WHEN clause that makes the same comparison in C and skips the call.

create or replace function private.rescore_leads(p_ids uuid[], p_rules_version integer)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_before integer[];
  v_after integer[];
begin
  -- Events of these leads wait until this is done (the same advisory locks record_lead_event
  -- takes, in one global order), so the scores read here stay true until they are written.
  perform pg_advisory_xact_lock(k) from (
    select distinct hashtextextended('score:' || id, 0) as k from unnest(p_ids) id order by 1) locks;
  select coalesce(array_agg(l.id order by l.id), '{}'), coalesce(array_agg(l.score order by l.id), '{}'),
         coalesce(array_agg(f.score order by l.id), '{}')
    into v_ids, v_before, v_after
  from public.leads l join public.lead_scores(coalesce(p_ids, '{}')) f on f.lead_id = l.id
  where l.id = any (p_ids) and l.score <> f.score;
  -- Only the changed rows are locked, in id order like every other bulk update of leads.
  perform 1 from public.leads where id = any (v_ids) order by id for update;
  update public.leads l set score = u.after from unnest(v_ids, v_after) as u(id, after)
  where l.id = any (v_ids) and l.id = u.id;
  insert into public.lead_score_history (lead_id, cause, rules_version, points, score_before, score_after)
  select u.id, 'recompute', p_rules_version, u.after - u.before, u.before, u.after
  from unnest(v_ids, v_before, v_after) as u(id, before, after);
  return cardinality(v_ids);
end
$$;

-- The bookkeeping columns are named twice for leads: in the WHEN clause, which keeps the
-- trigger from being called for an update of them alone, and as the trigger's argument, which
-- leaves them out of the changes it records. Keep the two lists equal.
drop trigger leads_audit on public.leads;
create trigger leads_audit after insert or delete on public.leads
  for each row execute function private.audit_row_change('{id}', '{updated_at,status_changed_at,score}');
create trigger leads_audit_update after update on public.leads
  for each row
  when ((to_jsonb(old.*) - '{updated_at,status_changed_at,score}'::text[]) is distinct from (to_jsonb(new.*) - '{updated_at,status_changed_at,score}'::text[]))
  execute function private.audit_row_change('{id}', '{updated_at,status_changed_at,score}');
