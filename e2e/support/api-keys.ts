import { generateApiKey } from '../../lib/auth/api-keys';
import { sql } from './database';

/** An API key registered straight in the test database (the dashboard's way is tested in api-keys.spec). */
export async function generateApiKeyForTest(name: string, role: string, callerId: string | null): Promise<string> {
  const made = generateApiKey();
  await sql`select public.create_api_key(${name}, ${made.hash}, ${made.prefix}, ${role}, ${callerId}, 100000)`;
  return made.key;
}
