import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../lib/db/migrations';
import { embeddedUrl, freePort, startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres';
import { ensureLocalAdmin } from '../../scripts/lib/local-admin';
import { BOOTSTRAP_FILE, MIGRATIONS_DIR } from '../../scripts/lib/paths';
import { TEMPLATE_DATABASE } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throw-away cluster's `postgres` database. */
    pgAdminUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole run, on a free port in a temp dir, migrated once into a
 * template database. Each test file clones the template, which takes milliseconds.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'leadops-test-'));
  // The cluster runs as the `postgres` OS user when we are root; it must be able to enter dir.
  await chmod(dir, 0o755);
  const port = await freePort();
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port,
    ephemeral: true,
    onNotice: (line) => console.log(`[test] ${line}`),
  });

  const admin = postgres(embeddedUrl(port), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = postgres(embeddedUrl(port, TEMPLATE_DATABASE), { max: 1, onnotice: () => {} });
  await migrate(template, { migrationsDir: MIGRATIONS_DIR, bootstrapFile: BOOTSTRAP_FILE });
  await ensureLocalAdmin(template);
  await template.end();

  project.provide('pgAdminUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
