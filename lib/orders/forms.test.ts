import { describe, expect, it } from 'vitest';
import { formFields } from '@/lib/api/form-fields';
import { createOrderFormSchema, orderCommandFormSchema, stateCapsFormSchema } from './forms';

const ID = '00000000-0000-4000-8000-0000000000dd';
const post = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return formFields(form);
};
const paths = (result: { error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((issue) => issue.path.join('.'));

describe('createOrderFormSchema', () => {
  it('reads the order form into what POST /api/orders takes', () => {
    expect(createOrderFormSchema.parse(post([
      ['customer_name', 'Prairie Leads'], ['customer_email', ''], ['requested_states', 'sd'], ['requested_states', 'ND'],
      ['quantity', ''], ['state_caps', 'SD=5, nd: 3'],
    ]))).toEqual({ customer_name: 'Prairie Leads', customer_email: null, requested_states: ['SD', 'ND'], quantity: null, state_caps: { SD: 5, ND: 3 } });
  });

  it.each([
    [[['customer_name', 'A'], ['requested_states', 'CA'], ['state_caps', 'CA five']], 'state_caps', 'Cannot read "CA five"'],
    // "TX=" removes a global cap in Settings, but an order cap needs a number.
    [[['customer_name', 'A'], ['requested_states', 'TX'], ['state_caps', 'TX=']], 'state_caps.TX', 'expected number, received null'],
    [[['customer_name', 'A']], 'requested_states', 'expected array to have >=1 items'],
  ] as [[string, string][], string, string][])('refuses %j at %s', (entries, path, message) => {
    const result = createOrderFormSchema.safeParse(post(entries));
    expect(paths(result)).toEqual([path]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('orderCommandFormSchema', () => {
  it('reads a return with the ticked leads', () => {
    expect(orderCommandFormSchema.parse(post([['command', 'return'], ['id', ID], ['lead_ids', ID], ['reason', ' wrong number ']]))).toEqual({
      command: 'return', id: ID, lead_ids: [ID], reason: 'wrong number',
    });
  });

  it('asks for the leads and the reason of a return', () => {
    expect(paths(orderCommandFormSchema.safeParse(post([['command', 'return'], ['id', ID], ['reason', '']])))).toEqual(['lead_ids', 'reason']);
  });

  it('needs nothing more to fulfill', () => {
    expect(orderCommandFormSchema.parse(post([['command', 'fulfill'], ['id', ID], ['reason', '']]))).toEqual({ command: 'fulfill', id: ID });
  });
});

describe('stateCapsFormSchema', () => {
  it('reads one state per line, an empty value removing the cap', () => {
    expect(stateCapsFormSchema.parse(post([['caps', 'CA=20\nTX=']]))).toEqual({ caps: { CA: 20, TX: null } });
  });
});
