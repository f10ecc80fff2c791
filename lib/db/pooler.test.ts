import { describe, expect, it } from 'vitest';
import { isTransactionPooler } from './pooler';

describe('isTransactionPooler', () => {
  it.each([
    ['postgres://postgres.abc:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres', true],
    ['postgres://u:p@db.example.com:5432/app?pgbouncer=true', true],
    ['postgres://postgres.abc:pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres', false],
    ['postgres://postgres:postgres@127.0.0.1:54322/postgres', false],
  ])('%s → %s', (url, expected) => {
    expect(isTransactionPooler(url)).toBe(expected);
  });
});
