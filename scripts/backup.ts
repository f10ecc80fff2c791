// npm run db:backup [file]     — a consistent backup of the embedded database, running or not
// npm run db:restore <file>    — replace the embedded database's data with a backup (server stopped)
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { EnvError, parseEnv } from '../lib/env/schema';
import { backupCluster, restoreCluster } from './lib/backup';
import { embeddedUrl, isPortTaken, startEmbeddedPostgres } from './lib/embedded-postgres';
import { loadProjectEnv } from './lib/load-env';

const log = (line: string) => console.log(`[leadops] ${line}`);
const restoring = process.argv.includes('--restore');
const fileArg = process.argv.slice(2).find((arg) => !arg.startsWith('--'));

loadProjectEnv(true);
try {
  const env = parseEnv(process.env);
  if (env.DATABASE_URL) {
    throw new Error('db:backup and db:restore are for the embedded database; unset DATABASE_URL (a Supabase project has its own backups)');
  }
  const dataDir = path.resolve(env.EMBEDDED_DB_DIR);
  const running = await isPortTaken(env.EMBEDDED_DB_PORT);
  if (restoring) {
    if (!fileArg || !existsSync(fileArg)) throw new Error('name the backup to restore: npm run db:restore -- <file>');
    if (running) throw new Error(`something is running on port ${env.EMBEDDED_DB_PORT}: stop npm run dev / npm start first`);
    const kept = await restoreCluster(fileArg, dataDir);
    if (kept) log(`the data that was there is kept in ${kept}`);
    // The first start replays the backup's WAL; count what came back.
    const server = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_DB_PORT, onNotice: log });
    try {
      const sql = postgres(server.url, { max: 1, onnotice: () => {} });
      const [row] = await sql`select (select count(*) from public.leads)::int as leads, (select count(*) from public.lead_intake)::int as intake`;
      await sql.end();
      log(`restored ${fileArg}: ${row!.leads} leads, ${row!.intake} intake requests`);
    } finally {
      await server.stop();
    }
  } else {
    const file = path.resolve(fileArg ?? path.join(path.dirname(dataDir), 'backups', `leadops-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`));
    await mkdir(path.dirname(file), { recursive: true });
    // The running server is backed up as it runs; a stopped one is started for the time it takes.
    const server = running ? null : await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_DB_PORT, onNotice: log });
    try {
      const { lsn, bytes } = await backupCluster(server?.url ?? embeddedUrl(env.EMBEDDED_DB_PORT), dataDir, file);
      log(`backup written: ${file} (${(bytes / 1_048_576).toFixed(1)} MiB, consistent as of WAL ${lsn}); restore with npm run db:restore -- ${file}`);
    } finally {
      await server?.stop();
    }
  }
} catch (error) {
  console.error(`[leadops] ${error instanceof EnvError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
