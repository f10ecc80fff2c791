import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email';
import { fieldForKey } from './fields';
import { normalizeCountry, normalizeLanguage } from './language';
import { normalizeLead } from './lead';
import { normalizePhone } from './phone';
import { normalizeState } from './states';

describe('normalizePhone', () => {
  it.each([
    ['(555) 234-5678', '+15552345678'],
    ['555.234.5678', '+15552345678'],
    ['555 234 5678', '+15552345678'],
    ['5552345678', '+15552345678'],
    ['1-555-234-5678', '+15552345678'],
    ['+1 (555) 234-5678', '+15552345678'],
    ['+15552345678', '+15552345678'],
    ['001 555 234 5678', '+15552345678'],
    ['  555-234-5678  ', '+15552345678'],
    ['tel:+1-555-234-5678', '+15552345678'],
    ['555-234-5678 ext. 12', '+15552345678'],
    ['555-234-5678x12', '+15552345678'],
    ['555-234-5678 #4', '+15552345678'],
    [5552345678, '+15552345678'],
    [15552345678, '+15552345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+52 1 55 1234 5678', '+5215512345678'],
    ['+44 (0) 20 7946 0958', '+442079460958'],
  ])('%j → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['N/A', 'not a number'],
    ['call me', 'words'],
    ['234-5678', 'seven digits'],
    ['055-234-5678', 'area code starting with 0'],
    ['155-234-5678', 'area code starting with 1'],
    ['555-034-5678', 'exchange starting with 0'],
    ['5.55234E+09', 'Sheets scientific notation'],
    ['+0 123 4567', 'country code 0'],
    ['+1 234', 'too short'],
    ['12345678901234567', 'too long'],
    [null, 'null'],
    [{ number: '5552345678' }, 'object'],
  ])('%j (%s) → null', (input, _reason) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('normalizeState', () => {
  it.each([
    ['CA', 'CA'], ['ca', 'CA'], [' tx ', 'TX'], ['California', 'CA'], ['new york', 'NY'],
    ['NEW  HAMPSHIRE', 'NH'], ['District of Columbia', 'DC'], ['Washington, D.C.', 'DC'],
    ['Washington', 'WA'], ['puerto rico', 'PR'], ['North-Carolina', 'NC'], ['TX.', 'TX'], ['N.Y.', 'NY'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeState(input)).toBe(expected);
  });

  it.each(['XX', 'Calif', 'Ontario', '', 'C', 12])('%j → null', (input) => {
    expect(normalizeState(input)).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['mailto:bob@x.io', 'bob@x.io'],
    ['<ann@corp.co.uk>', 'ann@corp.co.uk'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each(['', 'jane', 'jane@', '@example.com', 'jane@example', 'ja ne@example.com', 'a@b.c', 'a@b.com.', 7, `${'a'.repeat(250)}@x.io`])('%j → null', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});

describe('language and country', () => {
  it.each([['en', 'en'], ['EN', 'en'], ['en-US', 'en'], ['es_MX', 'es'], ['Spanish', 'es'], ['Español', 'es'], ['klingon', null], ['', null], ['constructor', null], ['__proto__', null]])(
    'language %j → %s',
    (input, expected) => {
      expect(normalizeLanguage(input)).toBe(expected);
    },
  );

  it.each([['US', 'US'], ['usa', 'US'], ['U.S.A.', 'US'], ['United States', 'US'], ['mx', 'MX'], ['Narnia', 'Narnia'], ['constructor', 'constructor'], ['__proto__', '__proto__']])(
    'country %j → %s',
    (input, expected) => {
      expect(normalizeCountry(input)).toBe(expected);
    },
  );
});

describe('fieldForKey', () => {
  it.each([
    ['firstName', 'first_name'], ['First Name', 'first_name'], ['fname', 'first_name'], ['FIRST_NAME', 'first_name'],
    ['Phone Number', 'phone'], ['mobile', 'phone'], ['phone-number', 'phone'], ['region', 'state'],
    ['postal_code', 'zip'], ['Zip Code', 'zip'], ['click_id', 'external_id'], ['external-id', 'external_id'],
    ['lang', 'language'], ['Business Line', 'business_line'], ['document_type', 'document_type'],
    ['Document Number', 'document_number'], ['E-mail', 'email'], ['idempotency_key', 'idempotency_key'],
  ])('%s → %s', (key, field) => {
    expect(fieldForKey(key)).toBe(field);
  });

  it.each(['creo', 'offer', 'ip', 'utm_source'])('%s stays metadata', (key) => {
    expect(fieldForKey(key)).toBeNull();
  });
});

describe('normalizeLead', () => {
  it('maps a Make.com JSON row', () => {
    const { lead } = normalizeLead({
      firstName: 'Ana', lastName: 'Reyes', email: 'Ana.Reyes@Gmail.com', phone: '(305) 555-0142',
      state: 'Florida', zip: '33101', business_line: 'Auto Insurance', lang: 'es',
    });
    expect(lead).toMatchObject({
      first_name: 'Ana', last_name: 'Reyes', email: 'ana.reyes@gmail.com', phone: '(305) 555-0142',
      phone_e164: '+13055550142', state: 'FL', country: 'US', zip: '33101', business_line: 'auto_insurance',
      language: 'es', metadata: {},
    });
  });

  it('maps a Google Sheets row with spaced headers', () => {
    const { lead } = normalizeLead({
      'First Name': ' Tom ', 'Last Name': 'Baker', 'Phone Number': '713.555.0199', 'Email Address': 'TOM@EXAMPLE.ORG',
      State: 'tx', 'Zip Code': 77002, Timestamp: '11/21/2026 10:04:00', Notes: 'call after 5',
    });
    expect(lead).toMatchObject({
      first_name: 'Tom', last_name: 'Baker', phone_e164: '+17135550199', email: 'tom@example.org', state: 'TX', zip: '77002',
      metadata: { Timestamp: '11/21/2026 10:04:00', Notes: 'call after 5' },
    });
  });

  it('maps a landing-page form post', () => {
    const { lead } = normalizeLead({ name: 'Mary Jo Smith', email: 'mj@smith.net', tel: '+1 212 555 0175', region: 'NY', utm_source: 'google' });
    expect(lead).toMatchObject({
      first_name: 'Mary', last_name: 'Jo Smith', phone_e164: '+12125550175', state: 'NY', metadata: { utm_source: 'google' },
    });
  });

  it('maps a seed-style payload, keeping the tracking fields in metadata', () => {
    const { lead } = normalizeLead({
      click_id: 'clk_9f8e7d', country: 'US', creo: 'banner-12', description: 'wants a quote', domain: 'quotes.example.com',
      email: 'lee@example.com', firstName: 'Lee', ip: '203.0.113.9', lang: 'EN', lastName: 'Wong', marker: 'm-77',
      offer: 'auto-2026', phone: '+1 (646) 555-0123', sourcetype: 'push',
    });
    expect(lead).toEqual({
      first_name: 'Lee', last_name: 'Wong', email: 'lee@example.com', phone: '+1 (646) 555-0123', phone_e164: '+16465550123',
      state: null, country: 'US', zip: null, city: null, business_line: null, language: 'en', document_type: null,
      document_number: null, external_id: 'clk_9f8e7d',
      metadata: { creo: 'banner-12', description: 'wants a quote', domain: 'quotes.example.com', ip: '203.0.113.9', marker: 'm-77', offer: 'auto-2026', sourcetype: 'push' },
    });
  });

  it('keeps what it could not understand, and second aliases, in metadata', () => {
    const { lead } = normalizeLead({ phone: '555-234-5678', mobile: '555-999-0000', email: 'not-an-email', state: 'Narnia', lang: 'klingon' });
    expect(lead.phone_e164).toBe('+15552345678');
    expect(lead.metadata).toEqual({ mobile: '555-999-0000', unparsed_email: 'not-an-email', unparsed_state: 'Narnia', unparsed_language: 'klingon' });
    expect(lead.email).toBeNull();
  });

  it('keeps lists, objects and blank values out of fields, and odd keys in metadata', () => {
    const input = JSON.parse('{"phone": ["555-234-5678", "555-234-9999"], "email": "  ", "mobile": "555-234-1111", "state": {"code": "TX"}, "__proto__": "x"}');
    const { lead } = normalizeLead(input);
    expect(lead.phone_e164).toBe('+15552341111');
    expect(lead.state).toBeNull();
    expect(lead.metadata).toEqual({ phone: ['555-234-5678', '555-234-9999'], state: { code: 'TX' }, ['__proto__']: 'x' });
    expect(Object.keys(lead.metadata)).toContain('__proto__');
  });

  it.each(['N/A', '0', '000000', 'none', '12'])('does not take %j as a document number', (value) => {
    const { lead } = normalizeLead({ document_number: value });
    expect(lead.document_number).toBeNull();
    expect(lead.metadata).toEqual({ unparsed_document_number: value });
  });

  it('accepts an empty object: no field is required', () => {
    const { lead, idempotencyKey } = normalizeLead({});
    expect(lead.metadata).toEqual({});
    expect(lead.first_name).toBeNull();
    expect(idempotencyKey).toBeNull();
  });

  it('takes the per-item idempotency key and normalizes document numbers', () => {
    const { lead, idempotencyKey } = normalizeLead({ idempotency_key: 'row-17', document_type: 'SSN', document_number: '123-45-6789' });
    expect(idempotencyKey).toBe('row-17');
    expect(lead).toMatchObject({ document_type: 'ssn', document_number: '123456789' });
  });
});
