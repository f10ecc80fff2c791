import { describe, expect, it } from 'vitest';
import { stateCapsFormSchema } from '@/lib/orders/forms';
import { stateCapsBodySchema } from '@/lib/orders/order-schema';
import { updateCallerSchema } from '@/lib/routing/caller-schema';
import { callerFormSchema } from '@/lib/routing/forms';
import { saveScoringRulesBodySchema } from '@/lib/scoring/event-schema';
import { settingFormSchema } from '@/lib/settings/forms';
import { formEditVersion } from './edit-version';

const paths = (result: { error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((issue) => issue.path.join('.'));

describe('the version an edit started from', () => {
  it.each([
    ['3', 3],
    ['', undefined],
    [undefined, undefined],
  ])('reads the hidden form field %j as %j', (text, version) => {
    expect(formEditVersion.parse(text)).toBe(version);
  });

  it.each(['0', '-1', '1.5', 'three', '2147483648'])('refuses %j in a form', (text) => {
    expect(formEditVersion.safeParse(text).success).toBe(false);
  });

  it('rides along with the caller fields of PATCH /api/callers/:id, which still refuses unknown keys', () => {
    expect(updateCallerSchema.parse({ daily_lead_limit: 5, version: 3 })).toEqual({ daily_lead_limit: 5, version: 3 });
    expect(updateCallerSchema.parse({ active: false })).toEqual({ active: false });
    expect(paths(updateCallerSchema.safeParse({ version: '3' }))).toEqual(['version']);
    expect(updateCallerSchema.safeParse({ version: 3, id: 'x' }).success).toBe(false);
  });

  it('sits beside the caps in PUT /api/leads/caps, which answer their failures at the same paths as before', () => {
    expect(stateCapsBodySchema.parse({ CA: 10, TX: null, version: 4 })).toEqual({ caps: { CA: 10, TX: null }, version: 4 });
    expect(stateCapsBodySchema.parse({ CA: 10 })).toEqual({ caps: { CA: 10 }, version: undefined });
    expect(paths(stateCapsBodySchema.safeParse({ CA: -1, version: 4 }))).toEqual(['CA']);
    expect(paths(stateCapsBodySchema.safeParse({ California: 1 }))).toEqual(['California']);
    expect(paths(stateCapsBodySchema.safeParse({ CA: 1, version: 0 }))).toEqual(['version']);
    expect(stateCapsBodySchema.safeParse([1]).success).toBe(false);
  });

  it('wraps the rules of PUT /api/scoring/rules, which still take a bare array', () => {
    const rules = [{ event_type: 'page_view', points: 1 }];
    expect(saveScoringRulesBodySchema.parse(rules)).toEqual({ rules, version: undefined });
    expect(saveScoringRulesBodySchema.parse({ rules, version: 7 })).toEqual({ rules, version: 7 });
    expect(saveScoringRulesBodySchema.parse({ rules })).toEqual({ rules });
    expect(paths(saveScoringRulesBodySchema.safeParse([{ event_type: 'page_view', points: 'x' }]))).toEqual(['0.points']);
    expect(paths(saveScoringRulesBodySchema.safeParse({ rules: [{ event_type: 'page_view', points: 'x' }], version: 7 }))).toEqual(['rules.0.points']);
    expect(saveScoringRulesBodySchema.safeParse({ rules, version: 7, extra: true }).success).toBe(false);
    expect(saveScoringRulesBodySchema.safeParse('rules').success).toBe(false);
  });

  it('is read from the caller, caps and setting forms', () => {
    expect(callerFormSchema.parse({ id: '00000000-0000-4000-8000-0000000000cc', name: 'Ann', version: '4' })).toMatchObject({ version: 4 });
    expect(callerFormSchema.parse({ name: 'Ann' })).toMatchObject({ version: undefined });
    expect(paths(callerFormSchema.safeParse({ name: 'Ann', version: 'x' }))).toEqual(['version']);
    expect(stateCapsFormSchema.parse({ caps: 'CA=5', version: '2' })).toEqual({ caps: { CA: 5 }, version: 2 });
    expect(settingFormSchema.parse({ key: 'timezone', value: 'Asia/Tokyo', version: '9' })).toEqual({ key: 'timezone', value: 'Asia/Tokyo', version: 9 });
  });
});
