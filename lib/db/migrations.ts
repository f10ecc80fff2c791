import 'server-only';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from 'postgres';

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
  sql: string;
  sha256: string;
}

export interface MigrateOptions {
  migrationsDir: string;
  /** Local-only SQL that creates what Supabase provides; never set for a hosted project. */
  bootstrapFile?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Any fixed number works; it keeps two processes (dev runner, test workers) from migrating at once.
const MIGRATION_LOCK_KEY = 7_340_001;

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const names = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) {
        throw new MigrationError(
          `Migration file ${file} must be named <14-digit timestamp>_<lowercase_name>.sql`,
        );
      }
      const sql = await readFile(path.join(migrationsDir, file), 'utf8');
      return {
        version: match[1]!,
        name: match[2]!,
        file,
        sql,
        sha256: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/**
 * The migrations not applied yet, read with plain queries and no lock, so that it works
 * through a transaction pooler too. Refuses, like migrate(), when an applied file was edited.
 */
export async function pendingMigrations(sql: Sql, migrationsDir: string): Promise<MigrationFile[]> {
  const files = await readMigrations(migrationsDir);
  const [table] = await sql<{ present: boolean }[]>`
    select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
  return table?.present ? unapplied(files, await appliedVersions(sql)) : files;
}

/**
 * Applies pending migrations in order, each in its own transaction, and records them in
 * supabase_migrations.schema_migrations as the Supabase CLI does. Refuses to go on when an
 * applied file has changed since: migrations are fixed forward, never edited. Needs a session
 * of its own (it holds a lock throughout), so never a transaction pooler.
 */
export async function migrate(sql: Sql, options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const files = await readMigrations(options.migrationsDir);
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    if (options.bootstrapFile) {
      await conn.unsafe(await readFile(options.bootstrapFile, 'utf8')).simple();
    }
    await conn.unsafe(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text);
      -- Rows written by this runner carry the file's hash so edits are caught; rows pushed by
      -- the Supabase CLI leave it null and are trusted as they are.
      alter table supabase_migrations.schema_migrations
        add column if not exists content_sha256 text;
    `).simple();

    const pending = unapplied(files, await appliedVersions(conn));
    for (const file of pending) {
      await conn.unsafe('begin');
      try {
        await conn.unsafe(file.sql).simple();
        await conn`
          insert into supabase_migrations.schema_migrations (version, name, statements, content_sha256)
          values (${file.version}, ${file.name}, ${[file.sql]}, ${file.sha256})`;
        await conn.unsafe('commit');
      } catch (error) {
        await conn.unsafe('rollback');
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`supabase/migrations/${file.file} failed: ${reason}`);
      }
      log(`applied ${file.file}`);
    }
    return { applied: pending.map((file) => file.file), alreadyApplied: files.length - pending.length };
  } finally {
    await conn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    conn.release();
  }
}

/** Applied versions and their recorded hashes (null for rows the Supabase CLI wrote). */
async function appliedVersions(sql: Sql): Promise<Map<string, string | null>> {
  // Through to_jsonb, because a table only the Supabase CLI wrote has no content_sha256 column.
  const rows = await sql<{ version: string; content_sha256: string | null }[]>`
    select version, to_jsonb(m) ->> 'content_sha256' as content_sha256
    from supabase_migrations.schema_migrations m`;
  return new Map(rows.map((row) => [row.version, row.content_sha256]));
}

function unapplied(files: MigrationFile[], applied: Map<string, string | null>): MigrationFile[] {
  for (const file of files) {
    const recorded = applied.get(file.version);
    if (recorded && recorded !== file.sha256) {
      throw new MigrationError(
        `supabase/migrations/${file.file} was edited after it was applied. ` +
          'Restore it and put the change in a new migration (or run `npm run db:reset` locally).',
      );
    }
  }
  return files.filter((file) => !applied.has(file.version));
}
