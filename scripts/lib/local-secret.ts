import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newSourceSecret } from '../../lib/intake/authenticate';

/**
 * The local default webhook secret: generated once, kept next to the embedded data (git-ignored)
 * and printed only when it is created, so curl examples keep working across restarts.
 */
export async function localWebhookSecret(dataDir: string, log: (line: string) => void): Promise<string> {
  const file = path.join(path.dirname(path.resolve(dataDir)), 'webhook-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = newSourceSecret();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  log(`generated a local webhook secret (set WEBHOOK_SECRET to choose your own): ${secret}`);
  log(`it is kept in ${path.relative(process.cwd(), file)} and will not be printed again`);
  return secret;
}
