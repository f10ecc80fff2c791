-- Demo data: business lines, callers, a few hundred leads over the last five days with their
-- intake rows, assignments, score events, and two orders. Idempotent: a database that already
-- holds the demo leads is left alone, so `npm run dev` can load it on every start.

insert into public.business_lines (code, name) values
  ('auto_insurance', 'Auto insurance'),
  ('home_insurance', 'Home insurance'),
  ('solar', 'Solar'),
  ('debt_relief', 'Debt relief')
on conflict (code) do nothing;

insert into public.state_caps (state, cap) values ('CA', 20), ('TX', 15), ('FL', 15), ('NY', 12)
on conflict (state) do nothing;

insert into public.callers (name, email, assigned_states, business_line, languages, daily_lead_limit, max_open_leads) values
  ('Maria Lopez',   'maria.lopez@example.com',   '{CA,AZ,NV}', null,             '{en,es}', 30, 60),
  ('James Carter',  'james.carter@example.com',  '{TX,OK,LA}', 'auto_insurance', '{en}',    25, 50),
  ('Aisha Johnson', 'aisha.johnson@example.com', '{NY,NJ,PA}', null,             '{en}',    20, 40),
  ('Kevin Nguyen',  'kevin.nguyen@example.com',  '{FL,GA}',    'home_insurance', '{en,vi}', 25, 50),
  ('Sofia Rossi',   'sofia.rossi@example.com',   '{}',         null,             '{en,es}', 40, 80),
  ('Daniel Kim',    'daniel.kim@example.com',    '{}',         'solar',          '{en,ko}', 15, 30)
on conflict (email) do nothing;

do $$
declare
  demo_source uuid;
  first_names text[] := array['Olivia','Liam','Emma','Noah','Ava','Elijah','Sophia','Lucas','Isabella','Mason',
    'Mia','Ethan','Amelia','Logan','Harper','Jackson','Evelyn','Aiden','Abigail','Carlos','Lucia','Mateo','Chloe','Wei'];
  last_names text[] := array['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez',
    'Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Nguyen','Kim','Patel'];
  states text[] := array['CA','CA','CA','TX','TX','TX','FL','FL','NY','NY','IL','PA','OH','GA','NC','AZ','NV','NJ','WA','CO','MI','VA'];
  lines text[] := array['auto_insurance','home_insurance','solar','debt_relief', null];
  sold_order uuid;
  open_order uuid;
begin
  if exists (select from public.sources where name = 'demo') then
    return;
  end if;
  perform setseed(0.42);

  insert into public.sources (name, secret_hash, active, kind)
  values ('demo', encode(extensions.digest(extensions.gen_random_bytes(32), 'sha256'), 'hex'), true, 'internal')
  returning id into demo_source;

  create temporary table demo_leads on commit drop as
  select
    gen_random_uuid() as id,
    gen_random_uuid() as intake_id,
    now() - (random() * interval '5 days') as created_at,
    first_names[1 + floor(random() * array_length(first_names, 1))::int] as first_name,
    last_names[1 + floor(random() * array_length(last_names, 1))::int] as last_name,
    states[1 + floor(random() * array_length(states, 1))::int] as state,
    lines[1 + floor(random() * array_length(lines, 1))::int] as business_line,
    '+1' || (200 + floor(random() * 700))::int || lpad(floor(random() * 10000000)::int::text, 7, '0') as phone_e164,
    case when random() < 0.15 then 'es' else 'en' end as language,
    i
  from generate_series(1, 320) as i;

  insert into public.lead_intake (id, received_at, source_id, request_id, content_type, raw_body, payload, outcome)
  select d.intake_id, d.created_at, demo_source, 'seed-' || d.i, 'application/json', p::text, p, 'created'
  from demo_leads d,
    lateral (select jsonb_build_object('firstName', d.first_name, 'lastName', d.last_name,
      'phone', d.phone_e164, 'state', d.state, 'email',
      lower(d.first_name || '.' || d.last_name || d.i || '@example.net')) as p) payload;

  insert into public.leads (id, created_at, status_changed_at, source_id, intake_id, first_name, last_name,
    email, phone, phone_e164, state, country, business_line, language, metadata)
  select d.id, d.created_at, d.created_at, demo_source, d.intake_id, d.first_name, d.last_name,
    lower(d.first_name || '.' || d.last_name || d.i || '@example.net'), d.phone_e164, d.phone_e164,
    d.state, 'US', d.business_line, d.language, jsonb_build_object('offer', 'demo', 'marker', 'seed')
  from demo_leads d;

  update public.lead_intake i set lead_id = d.id from demo_leads d where i.id = d.intake_id;

  -- About a third of the leads went to callers; some have been worked since.
  with picked as (
    select d.id, d.created_at, d.state,
      coalesce(
        (select c.id from public.callers c where d.state = any (c.assigned_states) order by c.name limit 1),
        (select c.id from public.callers c where c.assigned_states = '{}' order by c.name limit 1)
      ) as caller_id,
      random() as r
    from demo_leads d
    where d.i % 3 = 0
  ),
  assigned as (
    insert into public.lead_assignments (lead_id, caller_id, reason, assigned_at, candidates)
    select p.id, p.caller_id,
      case when exists (select from public.callers c where c.id = p.caller_id and p.state = any (c.assigned_states))
        then 'state_match' else 'global_pool' end,
      p.created_at, '[]'::jsonb
    from picked p
    returning lead_id, caller_id
  )
  update public.leads l set
    assigned_caller_id = a.caller_id,
    status = case when p.r < 0.45 then 'assigned' when p.r < 0.7 then 'contacted'
                  when p.r < 0.85 then 'qualified' when p.r < 0.93 then 'won' else 'lost' end
  from assigned a join picked p on p.id = a.lead_id
  where l.id = a.lead_id;

  update public.callers c set last_assigned_at = a.last_at
  from (select caller_id, max(assigned_at) as last_at from public.lead_assignments group by caller_id) a
  where c.id = a.caller_id;

  -- Score events, and the scores they add up to under the default rules.
  insert into public.lead_events (event_id, lead_id, type, occurred_at)
  select 'seed-' || d.i || '-' || e.type, d.id, e.type, d.created_at + e.after
  from demo_leads d
  cross join lateral (values
    ('lead_created', interval '0'),
    (case when random() < 0.6 then 'email_opened' end, interval '2 hours'),
    (case when random() < 0.3 then 'email_clicked' end, interval '3 hours'),
    (case when random() < 0.1 then 'meeting_booked' end, interval '20 hours')
  ) as e(type, after)
  where e.type is not null and d.created_at + e.after <= now();

  update public.leads l set score = s.total
  from (select e.lead_id, sum(r.points)::int as total
        from public.lead_events e join public.scoring_rules r on r.event_type = e.type
        group by e.lead_id) s
  where l.id = s.lead_id;

  -- One fulfilled order (its leads sold) and one open order (its leads reserved).
  insert into public.orders (customer_name, customer_email, requested_states, quantity, status, created_at, fulfilled_at)
  values ('Acme Insurance Group', 'buying@acme-insurance.example', '{FL,NY}', 10, 'fulfilled',
          now() - interval '2 days', now() - interval '1 day')
  returning id into sold_order;
  insert into public.orders (customer_name, customer_email, requested_states, quantity, state_caps)
  values ('Sunrise Solar Partners', 'leads@sunrise-solar.example', '{CA,TX}', 15, '{"CA":8,"TX":7}')
  returning id into open_order;

  with chosen as (
    select id from public.leads
    where status = 'new' and state in ('FL', 'NY') and created_at < now() - interval '2 days'
    order by created_at limit 10
  ), linked as (
    insert into public.order_leads (order_id, lead_id, allocated_at)
    select sold_order, id, now() - interval '2 days' from chosen
    returning lead_id
  )
  update public.leads set status = 'sold' where id in (select lead_id from linked);

  with chosen as (
    (select id from public.leads where status = 'new' and state = 'CA' order by created_at limit 8)
    union all
    (select id from public.leads where status = 'new' and state = 'TX' order by created_at limit 7)
  ), linked as (
    insert into public.order_leads (order_id, lead_id) select open_order, id from chosen returning lead_id
  )
  update public.leads set status = 'reserved' where id in (select lead_id from linked);
end
$$;
