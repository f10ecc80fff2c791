import postgres from 'postgres';

// The e2e server's own throw-away embedded database, for checking what a request stored.
const url = process.env.E2E_DATABASE_URL;
if (!url || !new URL(url).hostname.startsWith('127.')) {
  throw new Error('E2E_DATABASE_URL must point at the local test database (run the e2e tests with npm test)');
}

export const sql = postgres(url, { max: 5, onnotice: () => {} });
