import { describe, expect, it } from 'vitest';
import { allowedHostsFrom, hostName, isAllowedLocalHost } from './local-host';

describe('local mode serves loopback names only', () => {
  it.each([
    ['127.0.0.1:3000', true],
    ['localhost:3000', true],
    ['LOCALHOST', true],
    ['app.localhost:3000', true],
    ['[::1]:3000', true],
    ['127.1.2.3', true],
    ['evil.example:3000', false],
    ['evil.example', false],
    ['127.0.0.1.evil.example:3000', false],
    ['localhost.evil.example', false],
    ['10.0.0.5:3000', false],
    ['', false],
    [null, false],
    ['a b', false],
  ])('%s → %s', (host, allowed) => {
    expect(isAllowedLocalHost(host, [])).toBe(allowed);
  });

  it('adds the names LOCAL_ALLOWED_HOSTS lists, and only those', () => {
    const extra = allowedHostsFrom(' Dev.Box , lan.example,');
    expect(extra).toEqual(['dev.box', 'lan.example']);
    expect(isAllowedLocalHost('dev.box:3000', extra)).toBe(true);
    expect(isAllowedLocalHost('evil.example:3000', extra)).toBe(false);
  });

  it('reads the name out of a Host header', () => {
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('Example.COM:443')).toBe('example.com');
    expect(hostName('x:y:z')).toBeNull();
  });
});
