import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('echoes a sane id', () => {
    expect(requestIdFrom('make-run-42:7')).toBe('make-run-42:7');
  });

  it.each([null, '', 'has space', 'x'.repeat(129), 'new\nline', '<script>'])('replaces %j with a uuid', (header) => {
    expect(requestIdFrom(header)).toMatch(UUID);
  });
});
