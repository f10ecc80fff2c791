import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { inject } from 'vitest';

export const TEMPLATE_DATABASE = 'leadops_template';

export interface TestDatabase {
  /** Superuser connection: bypasses RLS. Use withViewer or `set local role` to test policies. */
  sql: Sql;
  url: string;
  name: string;
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh database for one test file: a copy of the migrated template, or an empty one
 * (`from: 'empty'`) for tests of the migration runner itself.
 */
export async function createTestDatabase(options: { from?: 'template' | 'empty'; max?: number } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const template = options.from === 'empty' ? 'template0' : TEMPLATE_DATABASE;
  const admin = postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  return {
    sql,
    url,
    name,
    async drop() {
      await sql.end({ timeout: 5 });
      const cleanup = postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
