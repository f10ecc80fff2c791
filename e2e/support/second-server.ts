import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Another `next start` of the same build, pointed at the database URL a test needs (and any
 * other env); `onOutput` receives everything it prints. On a free port unless given one.
 */
export async function startSecondServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  onOutput?: (text: string) => void,
  port?: number,
): Promise<{ url: string; pid: number; stop(): void }> {
  port ??= await freePort();
  const root = path.resolve(import.meta.dirname, '../..');
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    stdio: onOutput ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...env },
  });
  child.stdout?.on('data', (chunk: Buffer) => onOutput?.(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => onOutput?.(chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i += 1) {
    try {
      await fetch(`${url}/favicon.ico`);
      return { url, pid: child.pid!, stop: () => child.kill() };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill();
  throw new Error('next start did not come up');
}
