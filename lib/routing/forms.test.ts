import { describe, expect, it } from 'vitest';
import { formFields } from '@/lib/api/form-fields';
import { callerFormSchema, routeLeadFormSchema } from './forms';

const ID = '00000000-0000-4000-8000-0000000000cc';
const post = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return formFields(form);
};

describe('callerFormSchema', () => {
  it('reads the caller form into what save_caller takes', () => {
    const parsed = callerFormSchema.parse(post([
      ['id', ID], ['name', ' Ann '], ['email', ''], ['active', 'on'], ['assigned_states', 'CA'], ['assigned_states', 'NY'],
      ['business_line', ''], ['languages', 'EN, es'], ['daily_lead_limit', '25'], ['hourly_lead_limit', ''], ['max_open_leads', '10'],
      ['mon_from', '09:00'], ['mon_to', '17:00'], ['tue_from', '09:00'], ['tue_to', ''], ['away_until', '2026-12-24T18:00'],
    ]));
    expect(parsed).toEqual({
      id: ID, name: 'Ann', email: null, active: true, assigned_states: ['CA', 'NY'], business_line: null, languages: ['en', 'es'],
      daily_lead_limit: 25, hourly_lead_limit: null, max_open_leads: 10, working_hours: { mon: [['09:00', '17:00']] }, away_until: '2026-12-24T18:00',
    });
  });

  it('has no id when creating, no hours when always available, and an unticked checkbox is false', () => {
    expect(callerFormSchema.parse(post([['name', 'Bo'], ['always_available', 'on'], ['mon_from', '09:00'], ['mon_to', '17:00']]))).toMatchObject({
      id: undefined, active: false, working_hours: null, daily_lead_limit: 0,
    });
  });

  it.each([
    [[['name', '']], 'name'],
    [[['name', 'Bo'], ['assigned_states', 'California']], 'assigned_states.0'],
    [[['name', 'Bo'], ['daily_lead_limit', 'ten']], 'daily_lead_limit'],
    [[['name', 'Bo'], ['away_until', 'tomorrow']], 'away_until'],
  ] as [[string, string][], string][])('refuses %j at %s, with the API schema\'s own rules', (entries, path) => {
    const result = callerFormSchema.safeParse(post(entries));
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});

describe('routeLeadFormSchema', () => {
  it.each([
    [[['command', 'assign'], ['id', ID], ['caller_id', '']], { command: 'assign', id: ID, caller_id: null }],
    [[['command', 'assign'], ['id', ID], ['caller_id', ID]], { command: 'assign', id: ID, caller_id: ID }],
    [[['command', 'unassign'], ['id', ID], ['caller_id', ID]], { command: 'unassign', id: ID }],
  ] as [[string, string][], object][])('%j → %j', (entries, parsed) => {
    expect(routeLeadFormSchema.parse(post(entries))).toEqual(parsed);
  });

  it('refuses an unknown command', () => {
    expect(routeLeadFormSchema.safeParse(post([['command', 'drop'], ['id', ID]])).success).toBe(false);
  });
});
