import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, isPortTaken } from '../../scripts/lib/embedded-postgres';
import { findTool, PGBOUNCER } from '../../scripts/lib/debian-tools';
import { postgresOsUser } from '../../scripts/lib/postgres-os-user';

export interface Pgbouncer {
  /** The URL of `database` through the pooler, with the server's user and password. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface PgbouncerOptions {
  /** Any URL of the PostgreSQL server to pool; its user and password are the pooler's too. */
  serverUrl: string;
  /** Server connections per database and user: small, so that clients share them. */
  poolSize: number;
}

/**
 * A real PgBouncer in transaction mode in front of the test cluster, on a free port in a temp
 * dir: each transaction may run on any of `poolSize` server connections, as behind Supabase's
 * transaction pooler. Fails with a clear message when PgBouncer is not installed.
 */
export async function startPgbouncer(options: PgbouncerOptions): Promise<Pgbouncer> {
  const binary = findTool(PGBOUNCER);
  if (!binary) throw new Error(PGBOUNCER.missing);
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const dir = await mkdtemp(path.join(tmpdir(), 'leadops-pgbouncer-'));
  // PgBouncer refuses to run as root; it then runs as the cluster's OS user, who must enter dir.
  await chmod(dir, 0o755);
  const port = await freePort();
  await writeFile(path.join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
  await writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      'reserve_pool_size = 0',
      'max_client_conn = 500',
      'log_connections = 0',
      'log_disconnections = 0',
      ...(keepsPreparedStatements(binary) ? ['max_prepared_statements = 0'] : []),
      '',
    ].join('\n'),
  );

  const asUser = process.getuid?.() === 0 ? ['-u', postgresOsUser().name] : [];
  const child = spawn(binary, [...asUser, path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Its log is only worth showing when it does not come up; keep the tail, never block on it.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 10_000;
  while (!(await isPortTaken(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`PgBouncer did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    urlFor(database) {
      const url = new URL(options.serverUrl);
      url.port = String(port);
      url.pathname = `/${database}`;
      return url.toString();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PgBouncer 1.21 and later can carry prepared statements across transactions by default, which
 * would hide a client that prepares them; Supabase's pooler must not be assumed to. Older ones
 * refuse the setting that turns it off.
 */
function keepsPreparedStatements(binary: string): boolean {
  const version = /PgBouncer (\d+)\.(\d+)/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return Boolean(version) && Number(version![1]) * 100 + Number(version![2]) >= 121;
}
