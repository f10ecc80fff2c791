import { createHash, randomBytes } from 'node:crypto';
import { sql } from './database';

/** An API key registered straight in the test database (the dashboard's way is tested in api-keys.spec). */
export async function generateApiKeyForTest(name: string, role: string, callerId: string | null): Promise<string> {
  const key = `lok_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(key).digest('hex');
  await sql`select public.create_api_key(${name}, ${hash}, ${key.slice(0, 8)}, ${role}, ${callerId}, 100000)`;
  return key;
}
