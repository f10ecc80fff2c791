import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A program the tests need from Debian's packages (nothing else can be downloaded here). */
export interface DebianTool {
  name: string;
  /** Debian's package, installed with apt-get when we are root. */
  package: string;
  /** Names a binary to use instead of the usual install locations. */
  envVar: string;
  candidates: string[];
  /** What to do about it, when it is missing and cannot be installed. */
  missing: string;
}

export const CHROMIUM: DebianTool = {
  name: 'Chromium',
  package: 'chromium',
  envVar: 'CHROMIUM_PATH',
  candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
  missing: 'Chromium was not found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
};

export const PGBOUNCER: DebianTool = {
  name: 'PgBouncer',
  package: 'pgbouncer',
  envVar: 'PGBOUNCER_PATH',
  // Debian installs it in /usr/sbin, which is not on an ordinary user's PATH.
  candidates: ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer', '/opt/homebrew/bin/pgbouncer'],
  missing: 'PgBouncer was not found, and the transaction-pooler tests need it. Install it ' +
    '(Debian/Ubuntu: `sudo apt-get install -y pgbouncer`) or set PGBOUNCER_PATH to a pgbouncer binary.',
};

/** The tool's binary: its environment variable, else the usual install locations. */
export function findTool(tool: DebianTool): string | undefined {
  const fromEnv = process.env[tool.envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return tool.candidates.find((candidate) => existsSync(candidate));
}

/** The tool's binary, installed with apt-get when missing and we are root; else throws `missing`. */
export function ensureTool(tool: DebianTool, log: (line: string) => void): string {
  const found = findTool(tool);
  if (found) return found;
  const canInstall = process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0;
  if (!canInstall) throw new Error(tool.missing);
  log(`${tool.name} not found: installing Debian's ${tool.package} with apt-get`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', tool.package], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findTool(tool);
  if (!installed) throw new Error(`apt-get installed ${tool.package} but no binary was found in ${tool.candidates.join(', ')}`);
  return installed;
}
