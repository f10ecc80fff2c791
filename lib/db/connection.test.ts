import { describe, expect, it } from 'vitest';
import { connectionSettings, pgClient } from './connection';

const SUPABASE_TRANSACTION = 'postgres://postgres.abcdefghijklmnopqrst:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres';
const SUPABASE_SESSION = 'postgres://postgres.abcdefghijklmnopqrst:pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres';

describe('connectionSettings', () => {
  it.each([
    // url, what postgres.js gets, transaction pooler
    [SUPABASE_TRANSACTION, SUPABASE_TRANSACTION, true],
    [`${SUPABASE_TRANSACTION}?pgbouncer=true`, SUPABASE_TRANSACTION, true],
    [`${SUPABASE_TRANSACTION}?sslmode=require&supa=base-pooler.x`, `${SUPABASE_TRANSACTION}?sslmode=require`, true],
    [`${SUPABASE_TRANSACTION}?pgbouncer=true&connection_limit=1&pool_timeout=20`, SUPABASE_TRANSACTION, true],
    [`${SUPABASE_SESSION}?schema=public&statement_cache_size=0&socket_timeout=5`, SUPABASE_SESSION, false],
    [SUPABASE_SESSION, SUPABASE_SESSION, false],
    ['postgres://u:p@db.example.com:5432/app?pgbouncer=true&sslmode=require', 'postgres://u:p@db.example.com:5432/app?sslmode=require', true],
    ['postgres://u:p@db.example.com:5432/app?pgbouncer=false', 'postgres://u:p@db.example.com:5432/app', false],
    ['postgres://u:p@db.example.com/app?application_name=leadops&connect_timeout=5', 'postgres://u:p@db.example.com/app?application_name=leadops&connect_timeout=5', false],
    // The user part is left exactly as written, encoded characters included.
    ['postgresql://u:p%40ss%2Fw0rd@127.0.0.1:54322/postgres?pgbouncer=true', 'postgresql://u:p%40ss%2Fw0rd@127.0.0.1:54322/postgres', true],
    ['postgres://postgres:postgres@127.0.0.1:54322/postgres', 'postgres://postgres:postgres@127.0.0.1:54322/postgres', false],
    [`${SUPABASE_SESSION}?sslmode=verify-full&sslrootcert=system`, `${SUPABASE_SESSION}?sslmode=verify-full`, false],
  ])('%s → %s (transaction pooler: %s)', (url, expected, transactionPooler) => {
    expect(connectionSettings(url)).toMatchObject({ url: expected, transactionPooler });
  });
});

describe('pgClient', () => {
  // Creating a client opens no connection; its parsed options are what it would send.
  it.each([
    [`${SUPABASE_TRANSACTION}?pgbouncer=true&connection_limit=1`, {}, false],
    [SUPABASE_TRANSACTION, { prepare: true }, false],
    ['postgres://u:p@db.example.com:5432/app?pgbouncer=true', {}, false],
    [SUPABASE_SESSION, {}, true],
    ['postgres://postgres:postgres@127.0.0.1:54322/postgres?schema=public', {}, true],
  ])('%s with %o prepares statements: %s', (url, overrides, prepare) => {
    const sql = pgClient(url, overrides);
    expect(sql.options.prepare).toBe(prepare);
    expect(Object.keys(sql.options.connection)).toEqual(['application_name']);
  });

  it('verifies the server against sslrootcert instead of sending it on', () => {
    const sql = pgClient(`${SUPABASE_SESSION}?sslrootcert=system`);
    expect(sql.options.ssl).toBe('verify-full');
    expect(Object.keys(sql.options.connection)).toEqual(['application_name']);
    expect(connectionSettings(`${SUPABASE_SESSION}?sslrootcert=%2Fetc%2Fca.crt`).sslRootCert).toBe('/etc/ca.crt');
  });

  it('still sends real server settings given in the URL', () => {
    const sql = pgClient('postgres://u:p@db.example.com/app?pgbouncer=true&application_name=leadops&options=-c%20statement_timeout%3D5s');
    expect(sql.options.connection).toEqual({ application_name: 'leadops', options: '-c statement_timeout=5s' });
    expect(sql.options.prepare).toBe(false);
  });
});
