import { cp, mkdtemp, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError, readMigrations } from '@/lib/db/migrations';
import { BOOTSTRAP_FILE, MIGRATIONS_DIR } from '@/scripts/lib/paths';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('migration runner', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase({ from: 'empty' });
    dir = await mkdtemp(path.join(tmpdir(), 'leadops-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every file in order and records it like the Supabase CLI', async () => {
    const files = await readMigrations(dir);
    const result = await migrate(db.sql, { migrationsDir: dir, bootstrapFile: BOOTSTRAP_FILE });
    expect(result.applied).toEqual(files.map((file) => file.file));
    const rows = await db.sql<{ version: string; name: string; statements: string[] }[]>`
      select version, name, statements from supabase_migrations.schema_migrations order by version`;
    expect(rows.map((row) => `${row.version}_${row.name}.sql`)).toEqual(files.map((file) => file.file));
    expect(rows[0]!.statements.join('')).toBe(files[0]!.sql);
  });

  it('is a no-op the second time', async () => {
    const before = await db.sql`select count(*)::int as n from public.us_states`;
    const result = await migrate(db.sql, { migrationsDir: dir, bootstrapFile: BOOTSTRAP_FILE });
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe((await readdir(dir)).length);
    expect(await db.sql`select count(*)::int as n from public.us_states`).toEqual(before);
  });

  it('refuses to go on when an applied file was edited, naming the file', async () => {
    const [first] = await readMigrations(dir);
    const file = path.join(dir, first!.file);
    await appendFile(file, '\n-- an innocent-looking edit\n');
    await writeFile(path.join(dir, '29991231000000_later.sql'), 'create table public.should_not_exist (id int);');
    const run = migrate(db.sql, { migrationsDir: dir });
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(`supabase/migrations/${first!.file} was edited after it was applied`);
    const [probe] = await db.sql`select to_regclass('public.should_not_exist') is not null as exists`;
    expect(probe!.exists).toBe(false);
    await cp(path.join(MIGRATIONS_DIR, first!.file), file);
    await rm(path.join(dir, '29991231000000_later.sql'));
  });

  it('rolls a failing file back whole, records nothing and names it', async () => {
    await writeFile(
      path.join(dir, '29991231000001_broken.sql'),
      'create table public.half_done (id int);\nselect * from public.no_such_table;',
    );
    await expect(migrate(db.sql, { migrationsDir: dir })).rejects.toThrow(
      /supabase\/migrations\/29991231000001_broken\.sql failed: relation "public.no_such_table" does not exist/,
    );
    const [probe] = await db.sql`select to_regclass('public.half_done') is not null as exists`;
    expect(probe!.exists).toBe(false);
    const recorded = await db.sql`select 1 from supabase_migrations.schema_migrations where version = '29991231000001'`;
    expect(recorded).toHaveLength(0);
    await rm(path.join(dir, '29991231000001_broken.sql'));
  });

  it('rejects files not named <timestamp>_<name>.sql', async () => {
    await writeFile(path.join(dir, 'add_things.sql'), 'select 1;');
    await expect(readMigrations(dir)).rejects.toThrow('add_things.sql must be named <14-digit timestamp>_<lowercase_name>.sql');
    await rm(path.join(dir, 'add_things.sql'));
  });

  it('lets concurrent runners apply each file exactly once', async () => {
    const fresh = await createTestDatabase({ from: 'empty' });
    try {
      const runs = await Promise.all(
        Array.from({ length: 4 }, () => migrate(fresh.sql, { migrationsDir: MIGRATIONS_DIR, bootstrapFile: BOOTSTRAP_FILE })),
      );
      const total = (await readdir(MIGRATIONS_DIR)).length;
      expect(runs.reduce((sum, run) => sum + run.applied.length, 0)).toBe(total);
      const [row] = await fresh.sql`select count(*)::int as n from supabase_migrations.schema_migrations`;
      expect(row!.n).toBe(total);
    } finally {
      await fresh.drop();
    }
  });
});
