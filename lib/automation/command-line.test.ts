import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { paramsFromPairs, parseCommandLine, parseScript } from './command-line';

describe('parseCommandLine', () => {
  it.each([
    ['fulfill_order orderId=1', { command: 'fulfill_order', params: { orderId: '1' } }],
    ['  get_stats  ', { command: 'get_stats', params: {} }],
    ['create_order customer_name="John Doe" requested_states=CA,NY', { command: 'create_order', params: { customer_name: 'John Doe', requested_states: 'CA,NY' } }],
    ["return_leads reason='gone away' orderId=x", { command: 'return_leads', params: { reason: 'gone away', orderId: 'x' } }],
    ['c note="say \\"hi\\" \\\\ bye"', { command: 'c', params: { note: 'say "hi" \\ bye' } }],
    ['c note="it\'s"', { command: 'c', params: { note: "it's" } }],
    ['c path=C:\\dir', { command: 'c', params: { path: 'C:\\dir' } }],
    ['c a=x=y b= c=""', { command: 'c', params: { a: 'x=y', b: '', c: '' } }],
    ['c name="Ann "Lee', { command: 'c', params: { name: 'Ann Lee' } }],
    ['c note=a#b # the rest is a comment', { command: 'c', params: { note: 'a#b' } }],
    ['c\tx=1\ty=2', { command: 'c', params: { x: '1', y: '2' } }],
  ])('%s', (line, expected) => {
    expect(parseCommandLine(line)).toEqual(expected);
  });

  it.each(['', '   ', '# a comment', '   # indented comment'])('reads %j as no command', (line) => {
    expect(parseCommandLine(line)).toBeNull();
  });

  it.each([
    ['c name="John', 'unterminated " quote'],
    ["c name='John", "unterminated ' quote"],
    ['c orderId', 'expected key=value, got "orderId"'],
    ['c =1', 'expected key=value, got "=1"'],
    ['c 9x=1', 'expected key=value, got "9x=1"'],
    ['c x=1 x=2', 'x is given twice'],
    ['orderId=1', 'start with a command name, not "orderId=1"'],
  ])('refuses %s: %s', (line, message) => {
    expect(() => parseCommandLine(line)).toThrow(new ApiError('bad_request', message));
  });
});

describe('parseScript', () => {
  it('numbers the lines that hold commands, skipping comments and blanks, CRLF or LF', () => {
    const script = '# set up\r\ncreate_order customer_name="A B" requested_states=CA\r\n\r\n  fulfill_order orderId=1\nget_stats';
    expect(parseScript(script)).toEqual([
      { line: 2, command: 'create_order', params: { customer_name: 'A B', requested_states: 'CA' } },
      { line: 4, command: 'fulfill_order', params: { orderId: '1' } },
      { line: 5, command: 'get_stats', params: {} },
    ]);
  });

  it('names the line it cannot read', () => {
    expect(() => parseScript('get_stats\n\nfulfill_order orderId="1')).toThrow(new ApiError('bad_request', 'line 3: unterminated " quote'));
  });
});

describe('paramsFromPairs', () => {
  it('splits shell arguments at the first =, spaces and quotes kept as the shell left them', () => {
    expect(paramsFromPairs(['customer_name=John Doe', 'note="quoted"', 'q=a=b'])).toEqual({ customer_name: 'John Doe', note: '"quoted"', q: 'a=b' });
  });

  it('keeps a __proto__ key as data', () => {
    const params = paramsFromPairs(['__proto__=x']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).toEqual(['__proto__']);
  });
});
