-- Demo data, made by the engine: about 2,000 leads over the last 30 days, each request sent
-- through ingest_lead / add_lead / replay_intake (intake rows, rejected and failed bodies,
-- duplicates, lead_created), routed by assign_lead_atomic as of its arrival, worked by callers
-- (save_caller, update_lead_status), scored by events (record_lead_event), and sold, returned
-- and deleted in orders (create_order, fulfill_order, return_leads, delete_order).
--
-- Idempotent: a database that already has the source `demo` is left alone, so `npm run dev`
-- can load this on every start; a database with callers or leads of its own is left alone too.
-- Runs as the database owner in one transaction, from the local runner or pasted in the
-- Supabase SQL editor. Random choices come from setseed, so two fresh loads look alike.
--
-- Time. Most functions stamp now(); the demo has to look like a month of work. So:
-- * Every request is sent first, in arrival order, before the callers exist: ingest_lead takes
--   no arrival time, and it routes inside a subtransaction, which in one long transaction makes
--   every later routing slower. So ingest_lead routes each new lead to nobody and records that
--   placeholder "stock" decision; the placeholders are removed, and each lead is routed again,
--   day by day, by assign_lead_atomic(lead, actor, arrival time), which weighs daily and hourly
--   caps, working hours and absences as of that moment and records the decision then.
-- * Callers work their leads (update_lead_status, as the caller) at the planned moments. Routing
--   rules a caller out on open leads only when the caller has an open-lead limit, so those
--   callers' changes, and Priya's (her open leads are handed over), are made day by day before
--   each day is routed; the others' after the last day. Routing decides the same either way,
--   and the one transaction stays fast (every row version it writes stays until it commits);
--   only the open-lead counts the recorded candidates show for callers without a limit run
--   high. Orders are created, fulfilled, returned and deleted on their days.
-- * What those functions stamped with the real clock is then set to the moment the demo says it
--   happened. Every statement that does so is marked "Time:".
-- * record_lead_event takes occurred_at, so events are recorded as they happened; only their
--   receipt time, and the score history's change time, are set to it.
--
-- Failed intakes: in the app a `failed` intake is one ingest_lead stored but could not make a
-- lead of; the error is kept for repair and replay. The demo gets some the same way: the lead
-- it passes has a phone_e164 the leads table refuses, so ingest_lead itself records the
-- failure and the database's error. (The server's normalizer never produces such a value; it
-- stands for any fault while making the lead.)

insert into public.business_lines (code, name) values
  ('auto_insurance', 'Auto insurance'),
  ('home_insurance', 'Home insurance'),
  ('solar', 'Solar'),
  ('debt_relief', 'Debt relief')
on conflict (code) do nothing;

do $seed$
declare
  v_tz text := public.app_time_zone();
  v_today date;
  v_first_day timestamptz;
  v_day integer;
  v_day_start timestamptz;
  v_manager constant text := jsonb_build_object('sub', '00000000-0000-4000-8000-00000000d0d0', 'role', 'authenticated',
    'email', 'dana.whitfield@example.com')::text;
  v_sofia uuid;
  v_ids uuid[];
  v_at timestamptz;
  v_intake jsonb;
  v_result jsonb;
  v_order uuid;
  v_r record;
  v_step record;
  v_action record;
  v_event record;
  v_en_first constant text[] := '{Olivia,Liam,Emma,Noah,Ava,Elijah,Sophia,Lucas,Isabella,Mason,Mia,Ethan,Amelia,Logan,Harper,Jackson,Evelyn,Aiden,Abigail,Grace,Henry,Chloe,Samuel,Nora,Owen,Hannah,Caleb,Zoe,Ryan,Leah,Nathan,Stella,Dylan,Aaliyah,Marcus,Jasmine,Tyler,Brianna,Jordan,Kayla}';
  v_en_last constant text[] := '{Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Thompson,White,Harris,Clark,Lewis,Robinson,Walker,Young,Allen,King,Wright,Scott,Green,Baker,Adams,Nelson,Hill,Campbell,Mitchell,Carter,Roberts,Turner,Phillips,Parker,Evans}';
  v_es_first constant text[] := '{Carlos,Lucia,Mateo,Sofia,Diego,Valentina,Alejandro,Camila,Javier,Gabriela,Luis,Daniela,Miguel,Isabel,Jose,Mariana,Fernando,Ximena,Ricardo,Paola}';
  v_es_last constant text[] := '{Garcia,Rodriguez,Martinez,Hernandez,Lopez,Gonzalez,Perez,Sanchez,Ramirez,Torres,Flores,Rivera,Gomez,Diaz,Reyes,Morales,Cruz,Ortiz,Gutierrez,Chavez}';
  v_vi_first constant text[] := '{Minh,Linh,Tuan,Huong,Quang,Thao}';
  v_vi_last constant text[] := '{Nguyen,Tran,Le,Pham,Hoang,Vu}';
  v_ko_first constant text[] := '{Jisoo,Minjun,Seoyeon,Hyun,Jiwoo}';
  v_ko_last constant text[] := '{Kim,Park,Choi,Jung,Kang}';
  -- Real area codes per state; none that the end-to-end tests use for their own numbers.
  v_areas constant jsonb := '{
    "CA":["213","310","415","510","619","626","714","818","909","916"], "TX":["210","214","281","512","713","817","832","915"],
    "FL":["239","305","321","407","561","727","813","904","954"], "NY":["212","315","347","516","518","585","631","716","718","914"],
    "IL":["217","312","630","773","847"], "PA":["215","267","412","610","717"], "OH":["216","330","513","614","937"],
    "GA":["404","470","678","706","770"], "NC":["336","704","910","919","980"], "MI":["248","313","517","586","616"],
    "NJ":["201","609","732","856","973"], "AZ":["480","520","602","623"], "VA":["540","703","757","804"],
    "WA":["206","253","425","509"], "CO":["303","719","720","970"], "NV":["702","775"], "MA":["413","508","617","781"],
    "TN":["423","615","865","901"], "IN":["317","574","812"], "MO":["314","417","816"], "MD":["301","410","443"],
    "WI":["262","414","608"], "MN":["612","651","763"], "SC":["803","843","864"], "AL":["205","251","334"],
    "LA":["225","318","504"], "KY":["502","606","859"], "OR":["503","541","971"], "OK":["405","918"],
    "CT":["203","860"], "UT":["385","801"], "IA":["319","515"], "other":["312","404","602","702","214","305"]}';
  v_imports constant uuid[] := array[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()];
begin
  if exists (select from public.sources where name = 'demo') then
    return;
  end if;
  if exists (select from public.callers) or exists (select from public.leads) then
    raise notice 'demo data not loaded: this database already has callers or leads of its own';
    return;
  end if;
  perform setseed(0.42);
  v_today := (now() at time zone v_tz)::date;
  v_first_day := (v_today - 29)::timestamp at time zone v_tz;

  -- Set-up, from the SQL console (no claims): the two webhook sources the demo leads come from
  -- (their secrets are random and never shown); as a manager, the state caps.
  perform public.create_source('demo', encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'));
  perform public.create_source('demo-partner', encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'));
  -- The team signs in as members (locally there is no Auth service: their users are rows here).
  insert into auth.users (id, email) values ('00000000-0000-4000-8000-00000000d0d0', 'dana.whitfield@example.com')
  on conflict do nothing;
  perform public.add_member('dana.whitfield@example.com', 'manager');
  perform set_config('request.jwt.claims', v_manager, true);
  perform public.set_state_caps('{"CA":20,"TX":15,"FL":15,"NY":12}');

  ---------------------------------------------------------------------------------------------
  -- The people: when they arrive (weekdays busier than weekends, a slow rise over the month,
  -- office hours busier than nights), where from, what they want, how they write.
  ---------------------------------------------------------------------------------------------
  create temporary table demo_draw on commit drop as
  with pools as (
    select
      array(select d from generate_series(0, 29) d
            cross join generate_series(1, round(10 * (case extract(isodow from v_today - d) when 6 then 0.55 when 7 then 0.45 else 1 end)
                                                * (0.85 + 0.3 * (29 - d) / 29.0))::int)) as days,
      array(select (w.h - 1)::int from unnest('{1,1,1,1,1,2,3,5,8,11,12,12,11,11,11,10,10,9,9,8,7,5,3,2}'::int[]) with ordinality as w(weight, h)
            cross join generate_series(1, w.weight)) as hours,
      array(select st.code from (values ('CA', 14), ('TX', 11), ('FL', 10), ('NY', 9), ('IL', 4), ('PA', 4), ('OH', 4),
              ('GA', 4), ('NC', 3), ('MI', 3), ('NJ', 3), ('AZ', 3), ('VA', 2), ('WA', 2), ('CO', 2), ('NV', 2), ('MA', 2),
              ('TN', 2), ('IN', 1), ('MO', 1), ('MD', 1), ('WI', 1), ('MN', 1), ('SC', 1), ('AL', 1), ('LA', 1), ('KY', 1),
              ('OR', 1), ('OK', 1), ('CT', 1), ('UT', 1), ('IA', 1)) as st(code, weight)
            cross join generate_series(1, st.weight)) as states
  )
  select i as n,
    p.days[1 + floor(random() * cardinality(p.days))::int] as day_pick,
    p.hours[1 + floor(random() * cardinality(p.hours))::int] as hour_pick,
    random() * 3600 as secs,
    p.states[1 + floor(random() * cardinality(p.states))::int] as state_pick,
    random() as r_state, random() as r_src, random() as r_line, random() as r_lang, random() as r_sent,
    random() as r_first, random() as r_last, random() as r_email, random() as r_area, random() as r_fmt,
    random() as r_doc, random() as r_extra
  from pools p cross join generate_series(1, 1885) i;

  -- 1..1750 arrive one by one; 1751..1885 are three CSV imports of 45 rows.
  create temporary table demo_people on commit drop as
  with timed as (
    select d.*,
      case when d.n > 1750 then 'csv-import' when d.r_src < 0.64 then 'demo' when d.r_src < 0.965 then 'demo-partner'
           else 'dashboard' end as src,
      case when d.n > 1750 then (array[26, 15, 4])[1 + (d.n - 1751) / 45] else d.day_pick end as day_ago,
      case when d.n > 1750 then make_interval(hours => (array[10, 14, 11])[1 + (d.n - 1751) / 45],
                                              mins => (array[12, 3, 47])[1 + (d.n - 1751) / 45], secs => ((d.n - 1751) % 45) * 0.4)
           when d.r_src >= 0.965 then make_interval(hours => 9 + floor(d.r_extra * 9)::int, secs => d.secs)
           else make_interval(hours => d.hour_pick, secs => d.secs) end as time_of_day,
      case when d.r_state < 0.03 then null else d.state_pick end as state
    from demo_draw d
  ), languaged as (
    select t.*, ((v_today - t.day_ago) + t.time_of_day) at time zone v_tz as at,
      case when t.r_lang >= 0.985 then 'vi' when t.r_lang >= 0.97 then 'ko'
           when t.r_lang < (case when t.state in ('CA', 'TX', 'FL', 'NY', 'AZ', 'NV', 'NJ', 'IL') then 0.22 else 0.06 end) then 'es'
           else 'en' end as lang
    from timed t
  ), named as (
    select l.*,
      case l.lang when 'es' then v_es_first[1 + floor(l.r_first * 20)::int] when 'vi' then v_vi_first[1 + floor(l.r_first * 6)::int]
                  when 'ko' then v_ko_first[1 + floor(l.r_first * 5)::int] else v_en_first[1 + floor(l.r_first * 40)::int] end as first_name,
      case l.lang when 'es' then v_es_last[1 + floor(l.r_last * 20)::int] when 'vi' then v_vi_last[1 + floor(l.r_last * 6)::int]
                  when 'ko' then v_ko_last[1 + floor(l.r_last * 5)::int] else v_en_last[1 + floor(l.r_last * 40)::int] end as last_name,
      coalesce(v_areas -> l.state, v_areas -> 'other') as areas,
      (2000000 + (l.n * 3637) % 8000000)::text as sub
    from languaged l
    where l.at < now() - interval '1 minute'
  )
  select m.n, m.src, m.at, m.day_ago, m.state, m.lang, m.first_name, m.last_name,
    -- 2 % send no state, 1 % one that is not a US state.
    case when m.r_state < 0.02 then null when m.r_state < 0.03 then 'Ontario'
         when m.src = 'demo-partner' then (select u.name from public.us_states u where u.code = m.state) else m.state end as state_sent,
    case when m.r_line < 0.40 then 'auto_insurance' when m.r_line < 0.65 then 'home_insurance'
         when m.r_line < 0.80 then 'solar' when m.r_line < 0.92 then 'debt_relief' end as line,
    case when m.r_sent < (case m.src when 'demo' then 0.8 when 'demo-partner' then 0.5 else 0 end) then m.lang end as lang_sent,
    m.areas ->> floor(m.r_area * jsonb_array_length(m.areas))::int as area, m.sub,
    case when m.r_email < 0.85 then lower(m.first_name || '.' || m.last_name || m.n) || '@'
         || (array['example.com', 'example.net', 'example.org'])[1 + m.n % 3] end as email,
    m.r_fmt, m.r_doc, m.r_extra
  from named m;
  alter table demo_people add primary key (n);
  alter table demo_people add column phone_raw text, add column phone_e164 text, add column doc text;
  update demo_people set
    phone_e164 = '+1' || area || sub,
    phone_raw = case when src = 'demo' and r_fmt < 0.5 then '+1 (' || area || ') ' || left(sub, 3) || '-' || right(sub, 4)
                     when src = 'demo' then area || sub
                     when src = 'demo-partner' then area || '-' || left(sub, 3) || '-' || right(sub, 4)
                     else '(' || area || ') ' || left(sub, 3) || '-' || right(sub, 4) end,
    doc = case when src = 'demo-partner' and line = 'debt_relief' and r_doc < 0.7
               then 'D' || (1000000 + (n * 7919) % 9000000)::text end;

  ---------------------------------------------------------------------------------------------
  -- Every request to send: what the sender posted (raw body, payload, headers) and the lead
  -- as the server normalizes it (lib/intake/normalize), in arrival order.
  ---------------------------------------------------------------------------------------------
  create temporary table demo_intake (
    n integer primary key, at timestamptz not null, day_ago integer not null,
    kind text not null, via text not null, source text not null, person integer, replay_of integer,
    request_id text not null, idempotency_key text, content_type text, raw_body text not null,
    payload jsonb, headers jsonb not null default '{}', lead jsonb, error text,
    intake_id uuid, lead_id uuid, outcome text
  ) on commit drop;

  insert into demo_intake (n, at, day_ago, kind, via, source, person, request_id, idempotency_key, content_type,
    raw_body, payload, headers, lead)
  select p.n, p.at, p.day_ago, 'lead', case when p.src in ('dashboard', 'csv-import') then 'add_lead' else 'ingest' end,
    p.src, p.n,
    case when p.src = 'csv-import' then v_imports[1 + (p.n - 1751) / 45]::text else gen_random_uuid()::text end,
    case p.src when 'demo' then 'mk-' || left(md5('key' || p.n), 16)
               when 'csv-import' then 'import:' || v_imports[1 + (p.n - 1751) / 45] || ':' || (1 + (p.n - 1751) % 45) end,
    case when p.src = 'demo-partner' then 'application/x-www-form-urlencoded' else 'application/json' end,
    case when p.src = 'demo-partner' then
      -- The form post as PHP's http_build_query writes it.
      (select string_agg(f.k || '=' || replace(replace(replace(replace(x.payload ->> f.k, '%', '%25'), '+', '%2B'), '@', '%40'), ' ', '+'), '&' order by f.o)
       from unnest(array['first_name', 'last_name', 'phone', 'email', 'region', 'zip', 'product', 'language',
                         'sub_id', 'aff_id', 'id_type', 'id_number']) with ordinality as f(k, o)
       where x.payload ? f.k)
    else x.payload::text end,
    x.payload,
    case p.src when 'demo' then jsonb_build_object('content-type', 'application/json', 'user-agent', 'Make/production',
                                                    'idempotency-key', 'mk-' || left(md5('key' || p.n), 16))
               when 'demo-partner' then jsonb_build_object('content-type', 'application/x-www-form-urlencoded', 'user-agent', 'GuzzleHttp/7')
               else '{}'::jsonb end,
    x.lead
  from demo_people p
  cross join lateral (
    select
      case p.src
        when 'demo' then jsonb_strip_nulls(jsonb_build_object('firstName', p.first_name, 'lastName', p.last_name,
          'phone', p.phone_raw, 'email', p.email, 'state', p.state_sent, 'lang', p.lang_sent,
          'vertical', initcap(replace(p.line, '_', ' ')), 'click_id', 'clk_' || left(md5('click' || p.n), 10)) || m.tracking)
        when 'demo-partner' then jsonb_strip_nulls(jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name,
          'phone', p.phone_raw, 'email', p.email, 'region', p.state_sent, 'zip', lpad(((p.n * 9973) % 90000 + 10000)::text, 5, '0'),
          'product', initcap(replace(p.line, '_', ' ')), 'language', p.lang_sent, 'sub_id', 'S' || (40000 + p.n),
          'aff_id', 'aff-' || (101 + p.n % 7), 'id_type', case when p.doc is not null then 'driver_license' end,
          'id_number', left(p.doc, 4) || '-' || substr(p.doc, 5)))
        when 'csv-import' then jsonb_strip_nulls(jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name,
          'phone', p.phone_raw, 'email', p.email, 'state', p.state_sent, 'business_line', p.line,
          'campaign', (array['Spring mailer', 'Trade show list', 'Referral partners'])[1 + (p.n - 1751) / 45]))
        else jsonb_strip_nulls(jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name,
          'phone', p.phone_raw, 'email', p.email, 'state', p.state_sent, 'business_line', p.line))
      end as payload,
      jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name, 'email', p.email, 'phone', p.phone_raw,
        'phone_e164', p.phone_e164, 'state', p.state, 'country', case when p.state is not null then 'US' end,
        'zip', case when p.src = 'demo-partner' then lpad(((p.n * 9973) % 90000 + 10000)::text, 5, '0') end, 'city', null,
        'business_line', p.line, 'language', p.lang_sent,
        'document_type', case when p.doc is not null then 'driver_license' end, 'document_number', p.doc,
        'external_id', case p.src when 'demo' then 'clk_' || left(md5('click' || p.n), 10) when 'demo-partner' then 'S' || (40000 + p.n) end,
        'metadata', case p.src
          when 'demo' then m.tracking
          when 'demo-partner' then jsonb_build_object('aff_id', 'aff-' || (101 + p.n % 7))
          when 'csv-import' then jsonb_build_object('campaign', (array['Spring mailer', 'Trade show list', 'Referral partners'])[1 + (p.n - 1751) / 45])
          else '{}'::jsonb end
        || case when p.state is null and p.state_sent is not null then jsonb_build_object('unparsed_state', p.state_sent) else '{}'::jsonb end) as lead
    from (select jsonb_build_object(
            'offer', coalesce((array['auto-quote', 'home-bundle', 'solar-savings', 'debt-consult'])[
              array_position(array['auto_insurance', 'home_insurance', 'solar', 'debt_relief'], p.line)], 'general'),
            'domain', (array['quotes.example.com', 'save.example.net', 'getcovered.example.org'])[1 + p.n % 3],
            'creo', 'banner-' || (1 + p.n % 12),
            'sourcetype', (array['search', 'social', 'push', 'email'])[1 + floor(p.r_extra * 4)::int],
            'ip', '203.0.113.' || (1 + p.n % 254)) as tracking) m
  ) x;

  -- Repeats, each on the day of the lead it repeats: the same person again (phone within the
  -- dedupe window), the same email from another phone, a sender retrying with the same
  -- Idempotency-Key, and (any later day) the same document number with new contact details.
  insert into demo_intake (n, at, day_ago, kind, via, source, person, request_id, idempotency_key, content_type,
    raw_body, payload, headers, lead)
  select 10000 + rep.n, rep.at2, v_today - (rep.at2 at time zone v_tz)::date, 'repeat', 'ingest', d.source, d.person,
    gen_random_uuid()::text,
    case when rep.kind = 'retry' then d.idempotency_key when d.source = 'demo' then 'mk-' || left(md5('again' || d.n), 16) end,
    d.content_type,
    case when d.content_type = 'application/json' then (d.payload || rep.changes)::text
         else replace(replace(d.raw_body, 'phone=' || (d.payload ->> 'phone'), 'phone=' || coalesce(rep.changes ->> 'phone', d.payload ->> 'phone')),
                      'email=' || replace(coalesce(d.payload ->> 'email', '~'), '@', '%40'),
                      'email=' || replace(coalesce(rep.changes ->> 'email', d.payload ->> 'email', '~'), '@', '%40')) end,
    d.payload || rep.changes,
    case when d.source = 'demo' then d.headers || jsonb_build_object('idempotency-key',
      case when rep.kind = 'retry' then d.idempotency_key else 'mk-' || left(md5('again' || d.n), 16) end) else d.headers end,
    d.lead || rep.lead_changes
  from demo_intake d
  join demo_people p on p.n = d.person
  cross join lateral (
    select d.n, k.kind, d.at + k.after as at2, k.changes, k.lead_changes
    from (values
      ('phone', p.r_extra < 0.06 and d.via = 'ingest', make_interval(mins => 3 + (p.r_fmt * 237)::int), '{}'::jsonb, '{}'::jsonb),
      ('email', p.r_extra between 0.06 and 0.075 and p.email is not null and d.via = 'ingest', make_interval(mins => 10 + (p.r_fmt * 300)::int),
        jsonb_build_object('phone', p.area || '-' || left((2000000 + ((p.n + 50000) * 3637) % 8000000)::text, 3) || '-' || right((2000000 + ((p.n + 50000) * 3637) % 8000000)::text, 4)),
        jsonb_build_object('phone', p.area || '-' || left((2000000 + ((p.n + 50000) * 3637) % 8000000)::text, 3) || '-' || right((2000000 + ((p.n + 50000) * 3637) % 8000000)::text, 4),
                           'phone_e164', '+1' || p.area || (2000000 + ((p.n + 50000) * 3637) % 8000000)::text)),
      ('retry', p.r_extra between 0.075 and 0.10 and d.source = 'demo', make_interval(secs => 20 + (p.r_fmt * 70)::int), '{}'::jsonb, '{}'::jsonb),
      ('document', p.doc is not null and p.email is not null and p.r_doc < 0.12, make_interval(days => 1 + (p.r_fmt * 5)::int, hours => (p.r_extra * 8)::int),
        jsonb_build_object('phone', p.area || '-' || left((2000000 + ((p.n + 100000) * 3637) % 8000000)::text, 3) || '-' || right((2000000 + ((p.n + 100000) * 3637) % 8000000)::text, 4),
                           'email', lower(p.first_name || p.last_name || (p.n + 100000)) || '@example.com'),
        jsonb_build_object('phone', p.area || '-' || left((2000000 + ((p.n + 100000) * 3637) % 8000000)::text, 3) || '-' || right((2000000 + ((p.n + 100000) * 3637) % 8000000)::text, 4),
                           'phone_e164', '+1' || p.area || (2000000 + ((p.n + 100000) * 3637) % 8000000)::text,
                           'email', lower(p.first_name || p.last_name || (p.n + 100000)) || '@example.com'))
    ) as k(kind, wanted, after, changes, lead_changes)
    where k.wanted
  ) rep
  where d.kind = 'lead'
    and rep.at2 < now() - interval '1 minute'
    and (rep.kind = 'document' or (rep.at2 at time zone v_tz)::date = (d.at at time zone v_tz)::date);

  -- Bodies that cannot be read, stored as rejected with the reason parse-body gives.
  insert into demo_intake (n, at, day_ago, kind, via, source, request_id, content_type, raw_body, payload, headers, error)
  select 20000 + j, t.at, v_today - (t.at at time zone v_tz)::date, 'rejected', 'ingest', b.source, gen_random_uuid()::text,
    b.content_type, b.body, null, jsonb_build_object('content-type', b.content_type, 'user-agent', b.agent), b.error
  from (select j, random() as r1, random() as r2, random() as r3, random() as r4 from generate_series(1, 24) j) g
  cross join lateral (
    select ((v_today - floor(g.r1 * 29)::int) + make_interval(hours => 8 + floor(g.r2 * 12)::int, mins => floor(g.r3 * 60)::int)) at time zone v_tz as at,
      v_en_first[1 + floor(g.r4 * 40)::int] as f, v_en_last[1 + (g.j * 7) % 40] as l,
      '(' || (array['213', '305', '512', '718', '312'])[1 + g.j % 5] || ') ' || (300 + g.j * 17) || '-' || lpad((g.j * 389 % 10000)::text, 4, '0') as phone
  ) t
  cross join lateral (
    select * from (values
      (0, 'demo', 'application/json', 'Make/production', '{"firstName": "' || t.f || '", "lastName": "' || t.l || '", "phone": "' || left(t.phone, 9), 'body is not valid JSON'),
      (1, 'demo', 'application/json', 'Make/production', '', 'empty body'),
      (2, 'demo', 'application/json', 'Make/production', '{"firstName": "' || t.f || '", "phone": "' || t.phone || '",}', 'body is not valid JSON'),
      (3, 'demo-partner', 'text/plain', 'curl/8.5.0', 'Name: ' || t.f || ' ' || t.l || E'\nPhone: ' || t.phone || E'\nState: TX', 'cannot read a body of type text/plain'),
      (4, 'demo-partner', 'application/xml', 'GuzzleHttp/7', '<lead><name>' || t.f || ' ' || t.l || '</name><phone>' || t.phone || '</phone></lead>', 'cannot read a body of type application/xml'),
      (5, 'demo', 'application/json', 'Make/production', '"' || t.f || ' ' || t.l || ' ' || t.phone || '"', 'JSON body must be an object or an array of objects')
    ) as v(template, source, content_type, agent, body, error)
    where v.template = g.j % 6
  ) b
  where t.at < now() - interval '1 minute';

  -- Failed: see the note at the top. A partner's number in a shape the leads table refuses.
  insert into demo_intake (n, at, day_ago, kind, via, source, person, request_id, content_type, raw_body, payload, headers, lead)
  select 21000 + p.n, p.at + interval '7 minutes', p.day_ago, 'failed', 'ingest', 'demo-partner', null, gen_random_uuid()::text,
    'application/x-www-form-urlencoded',
    'first_name=' || p.first_name || '&last_name=' || p.last_name || '&phone=%2B0+' || p.area || '+' || p.sub || '&region=Texas',
    jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name, 'phone', '+0 ' || p.area || ' ' || p.sub, 'region', 'Texas'),
    jsonb_build_object('content-type', 'application/x-www-form-urlencoded', 'user-agent', 'GuzzleHttp/7'),
    jsonb_build_object('first_name', p.first_name, 'last_name', p.last_name, 'phone', '+0 ' || p.area || ' ' || p.sub,
      'phone_e164', '+0' || p.area || p.sub, 'state', 'TX', 'country', 'US', 'metadata', '{}'::jsonb)
  from demo_people p
  where p.src = 'demo-partner' and p.state = 'TX' and p.day_ago between 1 and 28
    and ((p.at + interval '7 minutes') at time zone v_tz)::date = (p.at at time zone v_tz)::date
  order by p.r_doc
  limit 6;

  -- Staff repaired and replayed one rejected and one failed intake the same day.
  insert into demo_intake (n, at, day_ago, kind, via, source, replay_of, request_id, content_type, raw_body, payload, headers, lead)
  select 22000 + o.n, o.at + interval '95 minutes', o.day_ago, 'replay', 'replay', o.source, o.n, gen_random_uuid()::text,
    'application/json', x.payload::text, x.payload, '{}'::jsonb,
    jsonb_build_object('first_name', x.payload ->> 'first_name', 'last_name', x.payload ->> 'last_name', 'email', null,
      'phone', x.payload ->> 'phone', 'phone_e164', '+1' || x.digits, 'state', 'TX', 'country', 'US', 'metadata', '{}'::jsonb)
  from (
    (select * from demo_intake where kind = 'rejected' and (n - 20000) % 6 = 0 and day_ago >= 1
       and (at at time zone v_tz)::time < '21:00' order by at limit 1)
    union all
    (select * from demo_intake where kind = 'failed' and (at at time zone v_tz)::time < '21:00' order by at limit 1)
  ) o
  cross join lateral (
    select '512' || (2000000 + ((o.n + 200000) * 3637) % 8000000)::text as digits
  ) d
  cross join lateral (
    select jsonb_build_object('first_name', coalesce(o.payload ->> 'first_name', substring(o.raw_body from '"firstName": "([^"]*)"')),
      'last_name', coalesce(o.payload ->> 'last_name', substring(o.raw_body from '"lastName": "([^"]*)"')),
      'phone', '(512) ' || left(substr(d.digits, 4), 3) || '-' || right(d.digits, 4), 'state', 'TX') as payload, d.digits
  ) x;
  analyze demo_intake;

  ---------------------------------------------------------------------------------------------
  -- Arrival: every request in order, as the app sends it: webhooks from the server's own
  -- connection (no claims), dashboard leads, CSV imports and replays as the manager.
  ---------------------------------------------------------------------------------------------
  for v_r in select * from demo_intake order by at, n loop
    perform set_config('request.jwt.claims', case when v_r.via = 'ingest' then '' else v_manager end, true);
    v_intake := jsonb_build_object('request_id', v_r.request_id, 'idempotency_key', v_r.idempotency_key,
      'content_type', v_r.content_type, 'raw_body', v_r.raw_body, 'payload', v_r.payload, 'headers', v_r.headers, 'error', v_r.error);
    if v_r.via = 'ingest' then
      v_result := public.ingest_lead((select id from public.sources where name = v_r.source), v_intake, v_r.lead);
    elsif v_r.via = 'add_lead' then
      v_result := public.add_lead(v_r.source, v_intake, v_r.lead);
    else
      v_result := public.replay_intake((select intake_id from demo_intake where n = v_r.replay_of), v_intake, v_r.lead);
    end if;
    update demo_intake set intake_id = (v_result ->> 'intake_id')::uuid, lead_id = (v_result ->> 'lead_id')::uuid,
      outcome = v_result ->> 'outcome'
    where n = v_r.n;
  end loop;
  analyze demo_intake;

  -- Time: each request was received, and each lead created (with its lead_created event and
  -- status time), when the demo says it arrived. The routing placeholders go (see the top).
  update public.lead_intake i set received_at = d.at from demo_intake d where i.id = d.intake_id;
  update public.leads l set created_at = d.at, status_changed_at = d.at
  from demo_intake d where d.outcome = 'created' and l.id = d.lead_id;
  update public.lead_events ev set occurred_at = d.at, received_at = d.at
  from demo_intake d where d.outcome = 'created' and ev.lead_id = d.lead_id;
  update public.lead_score_history h set changed_at = d.at
  from demo_intake d where d.outcome = 'created' and h.lead_id = d.lead_id;
  delete from public.lead_assignments x using demo_intake d
  where d.outcome = 'created' and x.lead_id = d.lead_id and x.caller_id is null and x.reason = 'stock';

  ---------------------------------------------------------------------------------------------
  -- The callers, as the manager: states, lines, languages, caps, hours.
  ---------------------------------------------------------------------------------------------
  perform set_config('request.jwt.claims', v_manager, true);
  create temporary table demo_callers (key text primary key, id uuid not null, slow numeric not null) on commit drop;
  for v_r in select * from (values
    ('maria', 1.0, '{"name":"Maria Lopez","email":"maria.lopez@example.com","assigned_states":["CA","AZ","NV"],"languages":["en","es"],"daily_lead_limit":11}'),
    ('james', 1.0, '{"name":"James Carter","email":"james.carter@example.com","assigned_states":["TX","OK","LA"],"business_line":"auto_insurance","languages":["en"],"daily_lead_limit":8}'),
    ('aisha', 1.0, '{"name":"Aisha Johnson","email":"aisha.johnson@example.com","assigned_states":["NY","NJ","PA"],"languages":["en"],"daily_lead_limit":9,
      "working_hours":{"mon":[["08:00","18:00"]],"tue":[["08:00","18:00"]],"wed":[["08:00","18:00"]],"thu":[["08:00","18:00"]],"fri":[["08:00","16:00"]]}}'),
    ('kevin', 1.0, '{"name":"Kevin Nguyen","email":"kevin.nguyen@example.com","assigned_states":["FL","GA"],"business_line":"home_insurance","languages":["en","vi"],"daily_lead_limit":8}'),
    ('priya', 1.0, '{"name":"Priya Shah","email":"priya.shah@example.com","assigned_states":["IL","OH","MI"],"languages":["en","hi"],"daily_lead_limit":7}'),
    ('sofia', 1.0, '{"name":"Sofia Rossi","email":"sofia.rossi@example.com","assigned_states":[],"languages":["en","es","it"],"daily_lead_limit":12,"hourly_lead_limit":3}'),
    -- Works his leads slowly, so he sits at his open-lead limit and routing passes him over.
    ('marcus', 2.0, '{"name":"Marcus Bell","email":"marcus.bell@example.com","assigned_states":[],"business_line":"debt_relief","languages":["en"],"daily_lead_limit":5,"max_open_leads":10}')
  ) as c(key, slow, fields)
  loop
    insert into demo_callers select v_r.key, c.id, v_r.slow from public.save_caller(null, v_r.fields::jsonb) c;
  end loop;
  v_sofia := (select id from demo_callers where key = 'sofia');
  -- Each caller signs in as a member working their own caller record (user id = caller id).
  perform set_config('request.jwt.claims', '', true);
  insert into auth.users (id, email) select c.id, c.email from public.callers c on conflict do nothing;
  perform public.add_member(c.email, 'caller', c.id) from public.callers c order by c.email;
  perform set_config('request.jwt.claims', v_manager, true);

  create temporary table demo_steps (
    lead_id uuid not null, caller_id uuid not null, seq integer not null, to_status text not null,
    at timestamptz not null, note text, done boolean not null default false, primary key (lead_id, seq)
  ) on commit drop;
  -- When each lead's status last changed, as the demo tells it (written to leads at the end).
  create temporary table demo_status_at (lead_id uuid primary key, at timestamptz not null) on commit drop;

  create temporary table demo_orders (
    key text primary key, customer text not null, email text not null, states text[] not null, quantity integer,
    caps jsonb not null, order_id uuid, fulfilled_at timestamptz
  ) on commit drop;
  insert into demo_orders (key, customer, email, states, quantity, caps) values
    ('acme', 'Acme Insurance Group', 'buying@acme-insurance.example', '{FL,NY}', 20, '{}'),
    ('keystone', 'Keystone Home Shield', 'leads@keystone-home.example', '{NJ,PA}', 12, '{}'),
    ('lonestar', 'Lone Star Auto Leads', 'orders@lonestar-auto.example', '{TX}', 25, '{"TX":25}'),
    ('goldengate', 'Golden Gate Debt Help', 'intake@goldengate-debt.example', '{CA}', 12, '{}'),
    ('sunrise', 'Sunrise Solar Partners', 'leads@sunrise-solar.example', '{CA,TX}', null, '{"CA":8,"TX":7}');
  create temporary table demo_order_actions (
    key text not null, day_ago integer not null, at_time interval not null, action text not null,
    returns integer, reason text
  ) on commit drop;
  insert into demo_order_actions values
    ('acme', 24, '10:15', 'create', null, null), ('acme', 23, '16:40', 'fulfill', null, null),
    ('acme', 21, '11:05', 'return', 2, 'Disconnected number'),
    ('keystone', 14, '09:50', 'create', null, null), ('keystone', 13, '13:20', 'delete', null, null),
    ('lonestar', 13, '09:30', 'create', null, null), ('lonestar', 11, '15:10', 'fulfill', null, null),
    ('lonestar', 7, '10:20', 'return', 3, 'Already in our CRM from another vendor'),
    ('goldengate', 6, '11:00', 'create', null, null), ('goldengate', 5, '17:45', 'fulfill', null, null),
    ('goldengate', 3, '09:40', 'return', 1, 'Lives out of state'),
    ('sunrise', 2, '14:00', 'create', null, null);

  ---------------------------------------------------------------------------------------------
  -- The month, one day at a time (29 days ago .. today), then whatever is due until now (-1).
  ---------------------------------------------------------------------------------------------
  for v_day in reverse 29..-1 loop
    v_day_start := case when v_day >= 0 then (v_today - v_day)::timestamp at time zone v_tz else now() end;

    -- Callers work their leads: the planned status changes due before this day, as the caller.
    -- Made as the days go by for callers with an open-lead limit (routing must see their leads
    -- close) and for Priya (who hands over her open leads); the others' are made after the last
    -- day (-1), which changes nothing in routing and keeps the transaction fast.
    for v_step in
      select st.*, c.email from demo_steps st join public.callers c on c.id = st.caller_id
      where not st.done and st.at < v_day_start
        and (v_day < 0 or c.max_open_leads is not null or c.id = (select id from demo_callers where key = 'priya'))
      order by st.at, st.lead_id, st.seq
    loop
      perform set_config('request.jwt.claims', jsonb_build_object('sub', v_step.caller_id, 'role', 'authenticated',
        'email', v_step.email)::text, true);
      perform public.update_lead_status(v_step.lead_id, v_step.to_status, v_step.note);
      update demo_steps set done = true where lead_id = v_step.lead_id and seq = v_step.seq;
      insert into demo_status_at values (v_step.lead_id, v_step.at) on conflict (lead_id) do update set at = excluded.at;
    end loop;
    perform set_config('request.jwt.claims', v_manager, true);

    -- Priya leaves the team: deactivated, her open leads handed to Sofia by the manager.
    if v_day = 8 then
      v_at := v_day_start + interval '9 hours';
      perform public.save_caller((select id from demo_callers where key = 'priya'), '{"active": false}');
      select array_agg(l.id order by l.id) into v_ids from public.leads l
      where l.assigned_caller_id = (select id from demo_callers where key = 'priya') and l.status in ('assigned', 'contacted');
      perform public.assign_lead_manual(x, v_sofia, null) from unnest(v_ids) x;
      -- Time: the hand-over happened at v_at, which is also Sofia's latest assignment.
      update public.lead_assignments set ended_at = v_at where lead_id = any (v_ids) and ended_at >= now();
      update public.lead_assignments set assigned_at = v_at where lead_id = any (v_ids) and assigned_at >= now();
      update public.callers set last_assigned_at = v_at where id = v_sofia;
      insert into demo_status_at select x, v_at from unnest(v_ids) x on conflict (lead_id) do update set at = excluded.at;
      delete from demo_steps where (lead_id = any (v_ids) or caller_id = (select id from demo_callers where key = 'priya')) and not done;
      insert into demo_steps (lead_id, caller_id, seq, to_status, at, note)
      select x.id, v_sofia, 10 + k.seq, k.to_status, k.at, k.note
      from (select id, random() as r1, random() as r2 from unnest(v_ids) id) x
      cross join lateral (values
        (1, 'contacted', v_at + (2 + x.r1 * 28) * interval '1 hour', 'Picked up from Priya''s list, introduced myself'),
        (2, case when x.r2 < 0.5 then 'lost' end, v_at + (2 + x.r1 * 28) * interval '1 hour' + (1 + x.r2 * 4) * interval '1 day',
         'Not interested any more')
      ) as k(seq, to_status, at, note)
      where k.to_status is not null;
    end if;

    -- Kevin is away from yesterday until the day after tomorrow; his leads wait for him.
    if v_day = 1 then
      perform public.save_caller((select id from demo_callers where key = 'kevin'),
        jsonb_build_object('away_until', now() + interval '2 days'));
      delete from demo_steps where caller_id = (select id from demo_callers where key = 'kevin') and not done and at >= v_day_start;
    end if;

    -- Orders of the day, as the manager.
    for v_action in
      select oa.*, o.customer, o.email, o.states, o.quantity, o.caps, o.order_id
      from demo_order_actions oa join demo_orders o using (key)
      where oa.day_ago = v_day order by oa.at_time
    loop
      v_at := v_day_start + v_action.at_time;
      if v_action.action = 'create' then
        v_order := (public.create_order(v_action.customer, v_action.email, v_action.states, v_action.quantity, v_action.caps) ->> 'id')::uuid;
        update demo_orders set order_id = v_order where key = v_action.key;
        -- Time: created, and its leads allocated, at v_at.
        update public.orders set created_at = v_at where id = v_order;
        update public.order_leads set allocated_at = v_at where order_id = v_order;
        insert into demo_status_at select lead_id, v_at from public.order_leads where order_id = v_order and released_at is null
        on conflict (lead_id) do update set at = excluded.at;
      elsif v_action.action = 'fulfill' then
        perform public.fulfill_order(v_action.order_id);
        -- Time: topped up and sold at v_at (fulfilled_at itself is moved at the end, after the
        -- returns, which return_leads checks against it).
        update demo_orders set fulfilled_at = v_at where key = v_action.key;
        update public.order_leads set allocated_at = v_at where order_id = v_action.order_id and allocated_at >= now();
        insert into demo_status_at select lead_id, v_at from public.order_leads where order_id = v_action.order_id and released_at is null
        on conflict (lead_id) do update set at = excluded.at;
      elsif v_action.action = 'return' then
        select array_agg(lead_id) into v_ids from (
          select lead_id from public.order_leads where order_id = v_action.order_id and released_at is null
          order by random() limit v_action.returns) x;
        perform public.return_leads(v_action.order_id, v_ids, v_action.reason);
        -- Time: returned at v_at.
        update public.order_leads set released_at = v_at where order_id = v_action.order_id and lead_id = any (v_ids);
        insert into demo_status_at select x, v_at from unnest(v_ids) x on conflict (lead_id) do update set at = excluded.at;
      elsif v_action.action = 'delete' then
        perform public.delete_order(v_action.order_id);
        -- Time: deleted at v_at.
        update public.orders set deleted_at = v_at where id = v_action.order_id;
        update public.order_leads set released_at = v_at where order_id = v_action.order_id and release_kind = 'order_deleted';
        insert into demo_status_at select lead_id, v_at from public.order_leads where order_id = v_action.order_id and release_kind = 'order_deleted'
        on conflict (lead_id) do update set at = excluded.at;
      end if;
    end loop;

    -- The day's new leads, routed in arrival order as of the moment each arrived, with the
    -- actor ingest_lead records: 'intake' for webhooks, the manager for leads staff added.
    perform set_config('request.jwt.claims', '', true);
    for v_r in
      select d.lead_id, d.at, d.via from demo_intake d where d.day_ago = v_day and d.outcome = 'created' order by d.at, d.n
    loop
      perform public.assign_lead_atomic(v_r.lead_id, case when v_r.via = 'ingest' then 'intake' else 'dana.whitfield@example.com' end,
        v_r.at + interval '40 milliseconds');
    end loop;
    perform set_config('request.jwt.claims', v_manager, true);

    -- What each caller will do with the leads routed to them today: most are reached within a
    -- day or so; some are never reached and closed as lost; of those reached, some qualify and
    -- are won or lost a few days later. Marcus takes twice as long. Changes planned after now
    -- are not made: those leads are still being worked.
    insert into demo_steps (lead_id, caller_id, seq, to_status, at, note)
    select p.lead_id, p.caller_id, k.seq, k.to_status, k.at, k.note
    from (
      select q.*,
        case when q.r1 < 0.80 / q.slow then q.a + q.slow * (interval '15 minutes' + q.r2 * q.r2 * interval '30 hours') end as contacted_at
      from (
        select l.id as lead_id, l.assigned_caller_id as caller_id, l.status_changed_at as a, dc.slow,
          random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7
        from demo_intake d
        join public.leads l on l.id = d.lead_id
        join demo_callers dc on dc.id = l.assigned_caller_id
        where d.day_ago = v_day and d.outcome = 'created' and l.status = 'assigned'
      ) q
    ) p
    cross join lateral (
      select
        case when p.r3 < 0.06 then null when p.r3 < 0.46 then 'lost' when p.r3 < 0.60 then 'won' else 'qualified' end as second,
        p.contacted_at + p.slow * (interval '12 hours' + p.r4 * interval '3 days') as second_at
    ) c
    cross join lateral (values
      (1, case when p.contacted_at is not null then 'contacted' when p.r1 < 0.96 then 'lost' end,
        coalesce(p.contacted_at, p.a + p.slow * (interval '2 days 12 hours' + p.r2 * interval '3 days')),
        case when p.contacted_at is not null
          then (array['Left a voicemail, they called back', 'Spoke with them, wants a quote by email', 'Reached on the second try',
                      'Asked to call back tomorrow', 'Confirmed details, sending options'])[1 + floor(p.r7 * 5)::int]
          else (array['No answer after three attempts', 'Number disconnected', 'Voicemail full, no reply to texts'])[1 + floor(p.r7 * 3)::int] end),
      (2, case when p.contacted_at is not null then c.second end, c.second_at,
        case c.second
          when 'lost' then (array['Went with another provider', 'Price too high', 'No longer interested', 'Just browsing'])[1 + floor(p.r7 * 4)::int]
          when 'won' then 'Signed on the call'
          else (array['Budget confirmed, quote sent', 'Meeting booked for a walkthrough', 'Decision maker confirmed, needs a proposal'])[1 + floor(p.r7 * 3)::int] end),
      (3, case when p.contacted_at is not null and c.second = 'qualified' then
            case when p.r5 < 0.45 then 'won' when p.r5 < 0.70 then 'lost' end end,
        c.second_at + p.slow * (interval '2 days' + p.r6 * interval '4 days'),
        case when p.r5 < 0.45 then (array['Signed the agreement', 'First payment received', 'Closed after the walkthrough'])[1 + floor(p.r7 * 3)::int]
             else (array['Chose a competitor after the quote', 'Financing fell through', 'Stopped responding after the proposal'])[1 + floor(p.r7 * 3)::int] end)
    ) as k(seq, to_status, at, note)
    where k.to_status is not null;
  end loop;

  ---------------------------------------------------------------------------------------------
  -- Scoring events, recorded in the order they happened: visits, forms and emails after the
  -- lead came in; calls, meetings, purchases and unsubscribes alongside the callers' work.
  ---------------------------------------------------------------------------------------------
  perform set_config('request.jwt.claims', '', true);
  create temporary table demo_events (
    event_id text primary key, lead_id uuid not null, type text not null, occurred_at timestamptz not null, properties jsonb not null
  ) on commit drop;
  insert into demo_events
  select 'demo-' || d.n || '-page_view-' || g, d.lead_id, 'page_view', d.at + (d.r2 * random()) * interval '5 days',
    jsonb_build_object('path', (array['/quote', '/pricing', '/faq', '/reviews', '/contact'])[1 + floor(random() * 5)::int])
  from (select n, lead_id, at, random() as r2, least(12, floor(-ln(1 - random()) * 0.5))::int as k
        from demo_intake where outcome = 'created') d
  cross join generate_series(1, d.k) g;
  insert into demo_events
  select 'demo-' || d.n || '-form_submitted', d.lead_id, 'form_submitted', d.at + random() * interval '2 days',
    jsonb_build_object('form', 'callback-request')
  from demo_intake d where d.outcome = 'created' and random() < 0.1;
  insert into demo_events
  select 'demo-' || d.n || '-email_opened-' || g, d.lead_id, 'email_opened',
    d.at + g * (interval '2 hours' + random() * interval '2 days'), jsonb_build_object('campaign', 'welcome-' || g)
  from (select d.n, d.lead_id, d.at, case when random() < 0.3 then 1 + floor(random() * 2)::int else 0 end as k
        from demo_intake d join public.leads l on l.id = d.lead_id where d.outcome = 'created' and l.email is not null) d
  cross join generate_series(1, d.k) g;
  insert into demo_events
  select replace(o.event_id, 'email_opened', 'email_clicked'), o.lead_id, 'email_clicked',
    o.occurred_at + random() * interval '30 minutes', o.properties
  from demo_events o where o.type = 'email_opened' and random() < 0.25;
  insert into demo_events
  select 'demo-' || d.n || '-unsubscribed', d.lead_id, 'unsubscribed', d.at + (2 + random() * 10) * interval '1 day', '{}'
  from demo_intake d join public.leads l on l.id = d.lead_id
  where d.outcome = 'created' and l.email is not null and random() < 0.03;
  insert into demo_events
  select 'demo-step-' || st.lead_id || '-' || st.seq || '-' || t.type, st.lead_id, t.type, st.at + t.after, '{}'
  from demo_steps st
  cross join lateral (values
    ('call_answered', st.to_status in ('contacted', 'qualified') and random() < 0.4, - interval '4 minutes'),
    ('meeting_booked', st.to_status = 'qualified' and random() < 0.6, interval '0'),
    ('purchase', st.to_status = 'won' and random() < 0.75, interval '1 hour'),
    ('unsubscribed', st.to_status = 'lost' and random() < 0.1, interval '2 hours')
  ) as t(type, wanted, after)
  where st.done and t.wanted;
  delete from demo_events where occurred_at > now() - interval '1 minute';
  analyze demo_events;
  analyze demo_steps;

  for v_event in select * from demo_events order by occurred_at, event_id loop
    perform public.record_lead_event(v_event.event_id, v_event.lead_id, v_event.type, v_event.occurred_at, v_event.properties);
  end loop;
  -- Time: what else the functions stamped with the real clock. Each status change happened at
  -- its planned moment, and a lead's status_changed_at is its latest change; each event was
  -- received, and changed its lead's score, when it occurred; orders were fulfilled when the
  -- demo says (kept on the real clock until the returns, which return_leads checks against it);
  -- callers and sources predate the leads.
  update public.leads l set status_changed_at = sa.at from demo_status_at sa where l.id = sa.lead_id;
  update public.lead_status_history h set changed_at = st.at
  from (select id, lead_id, row_number() over (partition by lead_id order by id) as k from public.lead_status_history) hk
  join (select lead_id, at, row_number() over (partition by lead_id order by at, seq) as k from demo_steps where done) st
    on st.lead_id = hk.lead_id and st.k = hk.k
  where h.id = hk.id;
  update public.lead_events ev set received_at = ev.occurred_at from demo_events e where ev.event_id = e.event_id;
  update public.lead_score_history h set changed_at = e.occurred_at from demo_events e where h.event_id = e.event_id;
  update public.orders o set fulfilled_at = d.fulfilled_at from demo_orders d where o.id = d.order_id and d.fulfilled_at is not null;
  update public.callers set created_at = v_first_day - interval '10 days' where id in (select id from demo_callers);
  update public.sources set created_at = v_first_day - interval '14 days' where name in ('demo', 'demo-partner');
  perform set_config('request.jwt.claims', '', true);
end
$seed$;
