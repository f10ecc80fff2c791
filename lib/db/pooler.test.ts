import { describe, expect, it } from 'vitest';
import { isTransactionPooler, migrationsNeedDirectConnection } from './pooler';

describe('isTransactionPooler', () => {
  it.each([
    ['postgres://postgres.abc:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres', true],
    ['postgres://u:p@db.example.com:5432/app?pgbouncer=true', true],
    ['postgres://u:p@db.example.com:6543/app?sslmode=require', true],
    ['postgres://u:p@db.example.com:5432/app?pgbouncer=false', false],
    ['postgres://postgres.abc:pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres', false],
    ['postgres://postgres:pw@db.abc.supabase.co:5432/postgres', false],
    ['postgres://postgres:postgres@127.0.0.1:54322/postgres', false],
  ])('%s → %s', (url, expected) => {
    expect(isTransactionPooler(url)).toBe(expected);
  });
});

describe('migrationsNeedDirectConnection', () => {
  it.each([
    [
      'postgres://postgres.abcdefghijklmnopqrst:s3cret@aws-0-us-east-1.pooler.supabase.com:6543/postgres?pgbouncer=true',
      3,
      '3 migrations are pending, and migrations cannot run through a transaction pooler (they need one session from start to end). ' +
        'Apply them with `npm run db:migrate` and DATABASE_URL set to the session pooler, ' +
        'postgres://postgres.abcdefghijklmnopqrst:[YOUR-PASSWORD]@aws-0-us-east-1.pooler.supabase.com:5432/postgres, ' +
        'or the direct connection, postgres://postgres:[YOUR-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres; ' +
        'the app itself can stay on the transaction pooler.',
    ],
    [
      'postgres://u:s3cret@db.example.com:5432/app?pgbouncer=true',
      1,
      '1 migration is pending, and migrations cannot run through a transaction pooler (they need one session from start to end). ' +
        'Apply them with `npm run db:migrate` and DATABASE_URL set to the direct connection (port 5432); ' +
        'the app itself can stay on the transaction pooler.',
    ],
    [
      // A Supabase pooler host flagged by pgbouncer=true on the session port: no guessing.
      'postgres://postgres.abcdefghijklmnopqrst:s3cret@aws-0-us-east-1.pooler.supabase.com:5432/postgres?pgbouncer=true',
      2,
      '2 migrations are pending, and migrations cannot run through a transaction pooler (they need one session from start to end). ' +
        'Apply them with `npm run db:migrate` and DATABASE_URL set to the direct connection (port 5432); ' +
        'the app itself can stay on the transaction pooler.',
    ],
  ])('%s with %i pending', (url, pending, message) => {
    expect(migrationsNeedDirectConnection(url, pending)).toBe(message);
    expect(migrationsNeedDirectConnection(url, pending)).not.toContain('s3cret');
  });
});
