import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ITEMS, parseIntakeBody } from './parse-body';

describe('parseIntakeBody', () => {
  it('reads one JSON object', async () => {
    expect(await parseIntakeBody('{"phone":"5552345678"}', 'application/json')).toEqual({
      ok: true, batch: false, items: [{ ok: true, fields: { phone: '5552345678' }, text: '{"phone":"5552345678"}' }],
    });
  });

  it('reads JSON sent without a content type', async () => {
    expect(await parseIntakeBody(' {"a":1} ', null)).toMatchObject({ ok: true, items: [{ ok: true, fields: { a: 1 } }] });
  });

  it('reads a batch, each item with its text as sent, and flags items that are not objects', async () => {
    expect(await parseIntakeBody('[{"a":1, "a": 12345678901234567890}, 7, null]', 'application/json; charset=utf-8')).toEqual({
      ok: true,
      batch: true,
      items: [
        { ok: true, fields: { a: 12345678901234567000 }, text: '{"a":1, "a": 12345678901234567890}' },
        { ok: false, reason: 'item is not an object', value: 7, text: '7' },
        { ok: false, reason: 'item is not an object', value: null, text: 'null' },
      ],
    });
  });

  it('refuses batches over the limit with 413', async () => {
    const body = JSON.stringify(Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({})));
    expect(await parseIntakeBody(body, 'application/json')).toEqual({ ok: false, reason: 'batch of 501 items exceeds 500', status: 413 });
  });

  it('reads a urlencoded form post, keeping repeated keys', async () => {
    expect(await parseIntakeBody('first_name=Ann&phone=%2B1+555+234+5678&interest=solar&interest=roof', 'application/x-www-form-urlencoded')).toEqual({
      ok: true, batch: false, items: [{ ok: true, fields: { first_name: 'Ann', phone: '+1 555 234 5678', interest: ['solar', 'roof'] }, text: 'first_name=Ann&phone=%2B1+555+234+5678&interest=solar&interest=roof' }],
    });
  });

  it('reads a urlencoded body sent as text/plain by a PHP sender', async () => {
    expect(await parseIntakeBody('name=Bo&email=bo%40x.io', 'text/plain')).toMatchObject({ ok: true, items: [{ ok: true, fields: { name: 'Bo', email: 'bo@x.io' } }] });
  });

  it('reads multipart form data', async () => {
    const body = '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nmp@x.io\r\n--XyZ\r\nContent-Disposition: form-data; name="state"\r\n\r\nOhio\r\n--XyZ--\r\n';
    expect(await parseIntakeBody(body, 'multipart/form-data; boundary=XyZ')).toMatchObject({
      ok: true, items: [{ ok: true, fields: { email: 'mp@x.io', state: 'Ohio' } }],
    });
  });

  it.each([
    ['{"phone": ', 'application/json', 'body is not valid JSON'],
    ['"just a string"', 'application/json', 'JSON body must be an object or an array of objects'],
    ['42', 'application/json', 'JSON body must be an object or an array of objects'],
    ['[]', 'application/json', 'empty batch'],
    ['', 'application/json', 'empty body'],
    ['<lead><phone>1</phone></lead>', 'application/xml', 'cannot read a body of type application/xml'],
  ])('rejects %j (%s) with 400: %s', async (body, type, reason) => {
    expect(await parseIntakeBody(body, type)).toEqual({ ok: false, reason, status: 400 });
  });
});
