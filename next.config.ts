import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server-only drivers are loaded by Node, not bundled.
  serverExternalPackages: ['postgres'],
  // Keep dev and test builds apart so `npm test` can build while `npm run dev` is running.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
