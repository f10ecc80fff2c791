import { existsSync } from 'node:fs';
import { aptInstall, canAptInstall } from './apt';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * Debian's Chromium for the e2e tests (browser downloads do not work here). Installs it with
 * apt when we are root; otherwise stops with a message saying what to do.
 */
export function ensureChromium(log: (line: string) => void): string {
  const found = findChromium();
  if (found) return found;
  if (!canAptInstall()) {
    throw new Error(
      'Chromium was not found. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  log('Chromium not found: installing Debian\'s chromium with apt-get');
  aptInstall(['chromium']);
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium but no binary was found in /usr/bin');
  return installed;
}
