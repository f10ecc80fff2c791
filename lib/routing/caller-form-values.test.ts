import { describe, expect, it } from 'vitest';
import { callerChanges, callerFormValues, type CallerFormValues } from './caller-form-values';

const row = {
  id: '00000000-0000-4000-8000-0000000000cc', name: 'Ann', email: 'ann@example.com', active: true, assigned_states: ['CA', 'NY'],
  business_line: 'solar', languages: ['en', 'es'], daily_lead_limit: 25, hourly_lead_limit: null, max_open_leads: 10,
  working_hours: { mon: [['09:00', '17:00']] }, last_assigned_at: null, version: 4,
};
const values: CallerFormValues = {
  name: 'Ann', email: 'ann@example.com', active: true, assigned_states: ['CA', 'NY'], business_line: 'solar', languages: ['en', 'es'],
  daily_lead_limit: 25, hourly_lead_limit: null, max_open_leads: 10, working_hours: { mon: [['09:00', '17:00']] },
  away_until_local: '2026-12-24T18:00', version: 4,
};

describe('callerFormValues', () => {
  it.each([
    ['a row read by the page (a Date)', { ...row, away_until: new Date('2026-12-24T23:00:00Z') }],
    ['the JSON of a refused save (ISO text with an offset)', { ...row, away_until: '2026-12-24T18:00:00-05:00' }],
  ])('shows %s in the app time zone', (_label, caller) => {
    expect(callerFormValues(caller, 'America/New_York')).toEqual(values);
  });

  it('leaves away_until empty and the version out when there is none', () => {
    const { version: _version, ...withoutVersion } = row;
    expect(callerFormValues({ ...withoutVersion, away_until: null }, 'America/New_York')).toEqual({ ...values, away_until_local: '', version: undefined });
    expect(callerFormValues({ ...withoutVersion, away_until: null }, 'America/New_York')).not.toHaveProperty('version');
  });
});

describe('callerChanges', () => {
  it('names what someone else changed, as the form labels it', () => {
    const now: CallerFormValues = { ...values, daily_lead_limit: 7, assigned_states: [], working_hours: null, hourly_lead_limit: 3, away_until_local: '', version: 5 };
    expect(callerChanges(values, now)).toEqual([
      { label: 'States', before: 'CA, NY', after: 'global pool' },
      { label: 'Daily lead limit', before: '25', after: '7' },
      { label: 'Hourly lead limit', before: 'none', after: '3' },
      { label: 'Working hours', before: 'mon 09:00–17:00', after: 'always available' },
      { label: 'Away until', before: '2026-12-24 18:00', after: '' },
    ]);
  });

  it('is empty when only the version moved', () => {
    expect(callerChanges(values, { ...values, version: 9 })).toEqual([]);
  });
});
