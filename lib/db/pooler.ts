/** Transaction-mode poolers (Supabase's on port 6543, or ?pgbouncer=true) cannot keep prepared statements. */
export function isTransactionPooler(url: string): boolean {
  const parsed = new URL(url);
  return parsed.port === '6543' || parsed.searchParams.get('pgbouncer') === 'true';
}
