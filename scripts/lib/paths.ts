import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'supabase/migrations');
export const BOOTSTRAP_FILE = path.join(ROOT, 'supabase/local/bootstrap.sql');
export const SEED_FILE = path.join(ROOT, 'supabase/seed.sql');
