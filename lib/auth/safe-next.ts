const SELF = 'http://leadops.invalid';

/**
 * Where to go after signing in: a path on this site only, never another origin. Browsers drop
 * tabs and newlines from URLs (`/\t/evil.com` is `//evil.com`) and read `\` as `/`, so any of
 * those refuse the path, and what is left must resolve to this site.
 */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const url = new URL(next, SELF);
  return url.origin === SELF ? url.pathname + url.search + url.hash : '/';
}
