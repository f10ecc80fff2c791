import { execFileSync, spawnSync } from 'node:child_process';

/** True when Debian packages can be installed without asking anyone: root, with apt-get. */
export function canAptInstall(): boolean {
  return process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0;
}

/** Installs Debian packages non-interactively; call only when canAptInstall() is true. */
export function aptInstall(packages: string[]): void {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
