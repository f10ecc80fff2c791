-- Orders: allocation (oldest stock first, per-state caps, skip locked), fulfillment, deletion
-- and returns. These functions are the single source of truth for the API and the SQL console.

alter table public.order_leads add column release_kind text
  check (release_kind in ('returned', 'order_deleted'));
comment on column public.order_leads.release_kind is
  'Why a lead left the order: returned by the buyer (never offered to that buyer again) or order_deleted.';

-- Allocation walks the stock oldest first.
create index leads_stock_age_idx on public.leads (created_at, id) where status = 'new';
create index order_leads_returned_idx on public.order_leads (lead_id) where release_kind = 'returned';
create index orders_customer_key_idx on public.orders (lower(coalesce(customer_email, customer_name)));

-- The buyer an order belongs to, for "never re-allocate a returned lead to the same customer".
create or replace function private.order_customer_key(p_order public.orders) returns text
language sql immutable
set search_path = ''
as $$
  select lower(coalesce(p_order.customer_email, p_order.customer_name))
$$;

-- The cap of each requested state for an order: its own cap, else the global one, else the default.
create or replace function private.order_state_caps(p_order public.orders)
returns table (state text, cap integer)
language sql stable
set search_path = ''
as $$
  select s, coalesce((p_order.state_caps ->> s)::int, sc.cap, private.setting_number('default_state_cap', 10)::int)
  from unnest(p_order.requested_states) as s
  left join public.state_caps sc on sc.state = s
$$;
-- order_json runs as the viewer and shows each state's cap.
grant execute on function private.order_state_caps(public.orders) to authenticated, service_role;

-- The order, locked for the rest of the transaction, or a PT404.
create or replace function private.order_for_update(p_order_id uuid) returns public.orders
language plpgsql
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  select * into v_order from public.orders where id = p_order_id for update;
  if not found then
    raise exception 'order % not found', p_order_id using errcode = 'PT404';
  end if;
  return v_order;
end
$$;

-- Lead rows of an order, locked in id order before they are updated together: every bulk
-- update of leads (orders, re-scoring) locks in that one order, so they never deadlock.
create or replace function private.lock_order_leads(p_order_id uuid) returns void
language sql
set search_path = ''
as $$
  select null from public.leads l
  where l.id in (select lead_id from public.order_leads where order_id = p_order_id and released_at is null)
  order by l.id
  for update
$$;

/*
 * Tops up an open order: the oldest leads in stock first, from its states only, never more per
 * state than its caps, up to its quantity; never a lead the same customer returned. Rows other
 * orders are taking right now are skipped (skip locked), so concurrent orders never wait on
 * each other or share a lead. Returns how many leads were added.
 */
create or replace function private.allocate_order(p_order_id uuid)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_order public.orders;
  v_caps jsonb;
  v_counts jsonb;
  v_open text[];
  v_remaining integer;
  v_lead record;
  v_added integer := 0;
  v_customer text;
begin
  v_order := private.order_for_update(p_order_id);
  if v_order.status <> 'open' then
    return 0;
  end if;
  v_customer := private.order_customer_key(v_order);
  select jsonb_object_agg(c.state, c.cap) into v_caps from private.order_state_caps(v_order) c;
  select coalesce(jsonb_object_agg(l.state, n), '{}'::jsonb) into v_counts
  from (select l.state, count(*) as n from public.order_leads ol join public.leads l on l.id = ol.lead_id
        where ol.order_id = p_order_id and ol.released_at is null group by l.state) l;
  v_remaining := coalesce(v_order.quantity, (select sum(value::int) from jsonb_each_text(v_caps)))
    - (select count(*) from public.order_leads where order_id = p_order_id and released_at is null);
  select array_agg(key) into v_open from jsonb_each_text(v_caps)
  where value::int > coalesce((v_counts ->> key)::int, 0);

  while v_remaining > 0 and cardinality(v_open) > 0 loop
    select l.id, l.state into v_lead from public.leads l
    where l.status = 'new' and l.state = any (v_open)
      and not exists (
        select from public.order_leads r join public.orders o on o.id = r.order_id
        where r.lead_id = l.id and r.release_kind = 'returned' and private.order_customer_key(o) = v_customer)
    order by l.created_at, l.id
    limit 1
    for update of l skip locked;
    exit when not found;

    insert into public.order_leads (order_id, lead_id) values (p_order_id, v_lead.id);
    update public.leads set status = 'reserved', status_changed_at = clock_timestamp() where id = v_lead.id;
    v_added := v_added + 1;
    v_remaining := v_remaining - 1;
    v_counts := jsonb_set(v_counts, array[v_lead.state::text], to_jsonb(coalesce((v_counts ->> v_lead.state)::int, 0) + 1));
    if (v_counts ->> v_lead.state)::int >= (v_caps ->> v_lead.state)::int then
      v_open := array_remove(v_open, v_lead.state::text);
    end if;
  end loop;
  return v_added;
end
$$;

/* The order as the API shows it: counts by state, the shortfall, and (optionally) its leads. */
create or replace function public.order_json(p_order_id uuid, p_with_leads boolean default true)
returns jsonb
language sql stable
set search_path = ''
as $$
  with o as (select * from public.orders where id = p_order_id),
  caps as (select c.* from o, private.order_state_caps(o) c),
  active as (
    select l.*, ol.allocated_at from public.order_leads ol join public.leads l on l.id = ol.lead_id
    where ol.order_id = p_order_id and ol.released_at is null
  ),
  wanted as (select coalesce(o.quantity, (select sum(cap) from caps))::int as n from o)
  select to_jsonb(o) || jsonb_build_object(
    'state_caps', (select jsonb_object_agg(state, cap) from caps),
    'allocated', (select count(*) from active),
    'wanted', (select n from wanted),
    'shortfall', greatest((select n from wanted) - (select count(*) from active), 0),
    'allocated_by_state', coalesce((select jsonb_object_agg(state, n) from
        (select state, count(*) as n from active group by state) s), '{}'::jsonb),
    'returned', (select count(*) from public.order_leads where order_id = p_order_id and release_kind = 'returned'),
    'leads', case when p_with_leads then coalesce((select jsonb_agg(jsonb_build_object(
        'id', a.id, 'first_name', a.first_name, 'last_name', a.last_name, 'email', a.email,
        'phone', a.phone_e164, 'state', a.state, 'zip', a.zip, 'city', a.city, 'status', a.status,
        'created_at', a.created_at, 'allocated_at', a.allocated_at) order by a.created_at, a.id) from active a), '[]'::jsonb) end
  )
  from o
$$;
comment on function public.order_json(uuid, boolean) is
  'An order as the API shows it: caps and counts by state, shortfall, returns and (p_with_leads) its current leads.';
grant execute on function public.order_json(uuid, boolean) to authenticated, service_role;

create or replace function public.create_order(
  p_customer_name text,
  p_customer_email text,
  p_requested_states text[],
  p_quantity integer default null,
  p_state_caps jsonb default '{}'::jsonb
) returns jsonb
language plpgsql
-- Definer: staff have no write rights on orders or leads; the role check comes first.
security definer
set search_path = ''
as $$
declare
  v_states text[];
  v_bad text;
  v_id uuid;
begin
  perform private.assert_app_role(private.staff_roles(), 'create orders');
  select array_agg(distinct upper(s) order by upper(s)) into v_states from unnest(p_requested_states) s;
  if coalesce(cardinality(v_states), 0) = 0 then
    raise exception 'requested_states must name at least one state' using errcode = 'PT422';
  end if;
  select string_agg(s, ', ') into v_bad from unnest(v_states) s where not exists (select from public.us_states u where u.code = s);
  if v_bad is not null then
    raise exception 'unknown state code(s): %', v_bad using errcode = 'PT422';
  end if;
  select string_agg(key, ', ') into v_bad from jsonb_each(coalesce(p_state_caps, '{}'::jsonb))
  where not upper(key) = any (v_states) or jsonb_typeof(value) <> 'number' or (value #>> '{}')::numeric < 0;
  if v_bad is not null then
    raise exception 'state_caps must give non-negative numbers for requested states only: %', v_bad using errcode = 'PT422';
  end if;
  insert into public.orders (customer_name, customer_email, requested_states, quantity, state_caps)
  values (trim(p_customer_name), lower(nullif(trim(p_customer_email), '')), v_states, p_quantity,
          (select coalesce(jsonb_object_agg(upper(key), value), '{}'::jsonb) from jsonb_each(coalesce(p_state_caps, '{}'::jsonb))))
  returning id into v_id;
  perform private.allocate_order(v_id);
  return public.order_json(v_id);
end
$$;
comment on function public.create_order(text, text, text[], integer, jsonb) is
  'Creates an order and allocates the oldest stock leads of its states at once, within caps.';
grant execute on function public.create_order(text, text, text[], integer, jsonb) to authenticated, service_role;

create or replace function public.fulfill_order(p_order_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  perform private.assert_app_role(private.staff_roles(), 'fulfill orders');
  -- The order lock makes concurrent calls take turns; the later ones find it fulfilled.
  v_order := private.order_for_update(p_order_id);
  if v_order.status = 'deleted' then
    raise exception 'order % was deleted', p_order_id using errcode = 'PT409';
  end if;
  if v_order.status = 'open' then
    perform private.allocate_order(p_order_id);
    perform private.lock_order_leads(p_order_id);
    update public.leads l set status = 'sold', status_changed_at = clock_timestamp()
    from public.order_leads ol
    where ol.order_id = p_order_id and ol.released_at is null and l.id = ol.lead_id;
    update public.orders set status = 'fulfilled', fulfilled_at = clock_timestamp() where id = p_order_id;
  end if;
  return public.order_json(p_order_id);
end
$$;
comment on function public.fulfill_order(uuid) is
  'Tops up the allocation, marks the order fulfilled and its leads sold. Idempotent: a fulfilled order is returned as it is.';
grant execute on function public.fulfill_order(uuid) to authenticated, service_role;

create or replace function public.delete_order(p_order_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_order public.orders;
begin
  perform private.assert_app_role(private.staff_roles(), 'delete orders');
  v_order := private.order_for_update(p_order_id);
  if v_order.status <> 'deleted' then
    perform private.lock_order_leads(p_order_id);
    update public.leads l set status = 'new', status_changed_at = clock_timestamp()
    from public.order_leads ol
    where ol.order_id = p_order_id and ol.released_at is null and l.id = ol.lead_id;
    update public.order_leads set released_at = clock_timestamp(), release_kind = 'order_deleted',
      release_reason = 'order deleted by ' || private.current_actor()
    where order_id = p_order_id and released_at is null;
    update public.orders set status = 'deleted', deleted_at = clock_timestamp() where id = p_order_id;
  end if;
  return public.order_json(p_order_id, false);
end
$$;
comment on function public.delete_order(uuid) is
  'Puts every lead of the order back in stock and keeps the order as deleted. A second call is a no-op.';
grant execute on function public.delete_order(uuid) to authenticated, service_role;

create or replace function public.return_leads(p_order_id uuid, p_lead_ids uuid[] default null, p_reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_order public.orders;
  v_ids uuid[];
  v_bad text;
  v_total integer;
  v_returned integer;
  v_window integer := private.setting_number('return_window_days', 7)::int;
  v_rate numeric := private.setting_number('max_return_rate', 0.2);
begin
  perform private.assert_app_role(private.staff_roles(), 'return leads');
  v_order := private.order_for_update(p_order_id);
  if v_order.status <> 'fulfilled' then
    raise exception 'order % is %: only fulfilled orders take returns', p_order_id, v_order.status using errcode = 'PT409';
  end if;
  if clock_timestamp() > v_order.fulfilled_at + make_interval(days => v_window) then
    raise exception 'the return window of % days for order % has closed', v_window, p_order_id using errcode = 'PT409';
  end if;
  if nullif(trim(p_reason), '') is null then
    raise exception 'a return needs a reason' using errcode = 'PT422';
  end if;
  v_ids := array(select distinct x from unnest(coalesce(p_lead_ids,
    array(select lead_id from public.order_leads where order_id = p_order_id and released_at is null))) x);
  perform private.lock_order_leads(p_order_id);
  select string_agg(id::text, ', ') into v_bad from unnest(v_ids) id
  where not exists (select from public.order_leads where order_id = p_order_id and lead_id = id and released_at is null);
  if v_bad is not null then
    raise exception 'not sold in order %: %', p_order_id, v_bad using errcode = 'PT422';
  end if;
  select count(*) filter (where released_at is null or release_kind = 'returned'),
         count(*) filter (where release_kind = 'returned')
    into v_total, v_returned
  from public.order_leads where order_id = p_order_id;
  if v_returned + cardinality(v_ids) > floor(v_total * v_rate) then
    raise exception 'returning % more of % leads would exceed the % %% return limit (% already returned)',
      cardinality(v_ids), v_total, round(v_rate * 100), v_returned using errcode = 'PT422';
  end if;
  update public.order_leads set released_at = clock_timestamp(), release_kind = 'returned', release_reason = trim(p_reason)
  where order_id = p_order_id and lead_id = any (v_ids) and released_at is null;
  update public.leads set status = 'new', status_changed_at = clock_timestamp() where id = any (v_ids);
  return public.order_json(p_order_id) || jsonb_build_object('returned_now', cardinality(v_ids));
end
$$;
comment on function public.return_leads(uuid, uuid[], text) is
  'Takes leads of a fulfilled order back to stock (all when p_lead_ids is null), within return_window_days '
  'and max_return_rate; a returned lead is never allocated to that customer again.';
grant execute on function public.return_leads(uuid, uuid[], text) to authenticated, service_role;

create or replace function public.set_state_caps(p_caps jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_bad text;
begin
  perform private.assert_app_role(private.staff_roles(), 'set state caps');
  select string_agg(key, ', ') into v_bad from jsonb_each(p_caps)
  where not exists (select from public.us_states where code = upper(key))
     or jsonb_typeof(value) not in ('number', 'null') or (value #>> '{}')::numeric < 0;
  if v_bad is not null then
    raise exception 'caps must be non-negative numbers (or null to remove) for known states: %', v_bad using errcode = 'PT422';
  end if;
  delete from public.state_caps where state in (select upper(key) from jsonb_each(p_caps) where jsonb_typeof(value) = 'null');
  insert into public.state_caps (state, cap)
  select upper(key), (value #>> '{}')::int from jsonb_each(p_caps) where jsonb_typeof(value) = 'number'
  on conflict (state) do update set cap = excluded.cap, updated_at = now();
  return (select coalesce(jsonb_object_agg(state, cap order by state), '{}'::jsonb) from public.state_caps);
end
$$;
comment on function public.set_state_caps(jsonb) is 'Sets global per-state caps, e.g. {"CA":10}; null removes a cap.';
grant execute on function public.set_state_caps(jsonb) to authenticated, service_role;
