import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server-only drivers are loaded by Node, not bundled.
  serverExternalPackages: ['postgres'],
};

export default nextConfig;
