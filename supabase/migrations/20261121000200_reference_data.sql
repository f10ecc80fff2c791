-- Reference data: US states (USPS codes) and business lines.

create table public.us_states (
  code char(2) primary key check (code ~ '^[A-Z]{2}$'),
  name text not null unique
);
comment on table public.us_states is 'US states, DC and territories by USPS code.';

create table public.business_lines (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name text not null,
  active boolean not null default true
);
comment on table public.business_lines is 'Lines of business a lead and a caller can belong to.';

alter table public.us_states enable row level security;
alter table public.business_lines enable row level security;
create policy "Signed-in users can read states" on public.us_states
  for select to authenticated using (true);
create policy "Signed-in users can read business lines" on public.business_lines
  for select to authenticated using (true);

insert into public.us_states (code, name) values
  ('AL','Alabama'),('AK','Alaska'),('AZ','Arizona'),('AR','Arkansas'),('CA','California'),
  ('CO','Colorado'),('CT','Connecticut'),('DE','Delaware'),('DC','District of Columbia'),
  ('FL','Florida'),('GA','Georgia'),('HI','Hawaii'),('ID','Idaho'),('IL','Illinois'),
  ('IN','Indiana'),('IA','Iowa'),('KS','Kansas'),('KY','Kentucky'),('LA','Louisiana'),
  ('ME','Maine'),('MD','Maryland'),('MA','Massachusetts'),('MI','Michigan'),('MN','Minnesota'),
  ('MS','Mississippi'),('MO','Missouri'),('MT','Montana'),('NE','Nebraska'),('NV','Nevada'),
  ('NH','New Hampshire'),('NJ','New Jersey'),('NM','New Mexico'),('NY','New York'),
  ('NC','North Carolina'),('ND','North Dakota'),('OH','Ohio'),('OK','Oklahoma'),('OR','Oregon'),
  ('PA','Pennsylvania'),('RI','Rhode Island'),('SC','South Carolina'),('SD','South Dakota'),
  ('TN','Tennessee'),('TX','Texas'),('UT','Utah'),('VT','Vermont'),('VA','Virginia'),
  ('WA','Washington'),('WV','West Virginia'),('WI','Wisconsin'),('WY','Wyoming'),
  ('PR','Puerto Rico'),('GU','Guam'),('VI','U.S. Virgin Islands'),('AS','American Samoa'),
  ('MP','Northern Mariana Islands')
on conflict (code) do nothing;
