import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './schema';

describe('parseEnv', () => {
  it('fills the documented defaults when nothing is set', () => {
    expect(parseEnv({})).toEqual({
      EMBEDDED_DB_PORT: 54322,
      EMBEDDED_DB_DIR: '.data/postgres',
      PORT: 3000,
      APP_TIMEZONE: 'America/New_York',
      DB_REQUEST_LIMIT: 20,
      DB_QUEUE_MS: 2000,
      LOG_LEVEL: 'info',
    });
  });

  it('refuses a request limit of 0 and a line wait past 30 s', () => {
    expect(() => parseEnv({ DB_REQUEST_LIMIT: '0' })).toThrow(/DB_REQUEST_LIMIT/);
    expect(() => parseEnv({ DB_QUEUE_MS: '60000' })).toThrow(/DB_QUEUE_MS/);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('asks for the public key of a hosted project', () => {
    expect(() => parseEnv({ NEXT_PUBLIC_SUPABASE_URL: 'https://xyz.supabase.co' })).toThrow(
      /^Invalid environment variable NEXT_PUBLIC_SUPABASE_ANON_KEY: is required when NEXT_PUBLIC_SUPABASE_URL is set/,
    );
  });

  it('coerces ports', () => {
    expect(parseEnv({ PORT: '4000', EMBEDDED_DB_PORT: '6000' })).toMatchObject({ PORT: 4000, EMBEDDED_DB_PORT: 6000 });
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/db', 'postgres://'],
    ['PORT', 'eighty', 'PORT'],
    ['EMBEDDED_DB_PORT', '70000', 'EMBEDDED_DB_PORT'],
    ['APP_TIMEZONE', 'Mars/Olympus', 'IANA time zone'],
    ['WEBHOOK_SECRET', 'short', 'at least 16'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL'],
    ['NEXT_PUBLIC_SUPABASE_URL', 'not a url', 'URL'],
    ['LEADOPS_FIRST_ADMIN_EMAIL', 'boss', 'email'],
    ['SUPABASE_JWT_SECRET', 'short', 'JWT secret'],
  ])('rejects %s=%s with one line naming it', (name, value, hint) => {
    let caught: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = (caught as Error).message;
    expect(message).toContain(`Invalid environment variable ${name}`);
    expect(message).toContain(hint);
    expect(message).toContain('.env.local');
    expect(message).not.toContain('\n');
  });
});
