import nextEnv from '@next/env';
import { ROOT } from './paths';

/** Loads .env.local and friends the way Next.js does; real environment variables win. */
export function loadProjectEnv(dev: boolean): void {
  nextEnv.loadEnvConfig(ROOT, dev, { info: () => {}, error: console.error });
}
