/**
 * Without Supabase Auth the dashboard is a built-in admin on loopback. Listening on 127.0.0.1
 * does not stop DNS rebinding: a page on evil.example can point its own name at 127.0.0.1 and
 * then send same-origin requests that carry `Host: evil.example`. So in local mode only
 * loopback names are served (as dev servers do), plus the ones LOCAL_ALLOWED_HOSTS adds.
 */
const LOOPBACK = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The host name of a Host header, without its port; null when it is no host name at all. */
export function hostName(host: string | null): string | null {
  if (!host) return null;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(:\d{1,5})?$/i.exec(host.trim());
  return match ? match[1]!.toLowerCase() : null;
}

export function isAllowedLocalHost(host: string | null, extra: readonly string[]): boolean {
  const name = hostName(host);
  return name !== null && (LOOPBACK.test(name) || extra.includes(name));
}

/** LOCAL_ALLOWED_HOSTS: a comma-separated list of further names to serve in local mode. */
export function allowedHostsFrom(list: string | undefined): string[] {
  return (list ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
}
