import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm run bench` builds into its own folder (.next-bench) so that it never replaces the
  // build that `npm test`'s e2e run or `npm start` is using in .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The bench's build also skips Next's type check (NEXT_SKIP_TYPE_CHECK=1): `npm test` runs
  // tsc over the same files, and a type error anywhere in the tree (a script, a test someone
  // is writing) must not stop a measurement of the app.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPE_CHECK === '1' },
  // Server-only drivers are loaded by Node, not bundled.
  serverExternalPackages: ['postgres'],
};

export default nextConfig;
