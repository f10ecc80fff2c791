import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/lib/embedded-postgres';
import { ROOT } from '@/scripts/lib/paths';

const run = promisify(execFile);

// Like a clone in /root on a fresh machine: root may enter the folder, the postgres OS user
// (which the server runs as when we are root) may not.
describe('embedded PostgreSQL started by root inside a mode-700 folder', () => {
  it('migrates and seeds, granting that user search access to exactly that folder', async (ctx) => {
    ctx.skip(process.getuid?.() !== 0, 'needs root: only then does PostgreSQL run as the separate postgres OS user');
    const outer = await mkdtemp(path.join(tmpdir(), 'leadops-private-'));
    ctx.onTestFinished(() => rm(outer, { recursive: true, force: true }));
    expect((await stat(outer)).mode & 0o777).toBe(0o700);

    const project = path.join(outer, 'leadops');
    // As a clone is, whatever this process's umask.
    await mkdir(project);
    await chmod(project, 0o755);
    for (const entry of ['scripts', 'lib', 'supabase', 'package.json', 'tsconfig.json']) {
      await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
    }
    // Hard links, not a symlink: node would resolve a symlink to the reachable original.
    await run('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(project, 'node_modules')]);

    const { stdout } = await run(path.join(project, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/migrate.ts'], {
      cwd: project,
      env: {
        ...process.env,
        DATABASE_URL: '',
        EMBEDDED_DB_DIR: '',
        EMBEDDED_DB_PORT: String(await freePort()),
        WEBHOOK_SECRET: 'private-folder-secret-0123456789',
      },
    });

    expect(stdout).toMatch(/migrations: [1-9]\d* applied/);
    expect(stdout).toMatch(/demo data loaded: [1-9]\d* leads/);
    const pgVersion = await stat(path.join(project, '.data/postgres/PG_VERSION'));
    const { stdout: postgresUid } = await run('id', ['-u', 'postgres']);
    expect(pgVersion.uid).toBe(Number(postgresUid));

    const grants = stdout.split('\n').filter((line) => line.includes('could not enter'));
    expect(grants).toEqual([expect.stringContaining(`which could not enter ${outer}; granted search access: `)]);
    if (grants[0]!.includes(`setfacl -m u:postgres:x ${outer}`)) {
      const { stdout: acl } = await run('getfacl', ['--omit-header', '--absolute-names', outer]);
      expect(acl.trim().split('\n')).toEqual(['user::rwx', 'user:postgres:--x', 'group::---', 'mask::--x', 'other::---']);
    } else {
      expect(grants[0]).toContain(`chmod o+x ${outer} (`);
      expect((await stat(outer)).mode & 0o777).toBe(0o701);
    }
    expect((await stat(project)).mode & 0o777).toBe(0o755);
  }, 180_000);
});
