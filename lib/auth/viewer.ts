import { z } from 'zod';

export const appRoles = ['admin', 'manager', 'caller'] as const;
export type AppRole = (typeof appRoles)[number];

/** The roles that manage leads, callers, orders and rules, as private.staff_roles() says. */
export const STAFF: readonly AppRole[] = ['admin', 'manager'];

export const viewerSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: z.enum(appRoles),
  callerId: z.uuid().nullable(),
});

/**
 * Who is acting: every user query runs under Postgres RLS as this viewer. The role and caller
 * are what `members` said when the request began, for the page to show the right things; the
 * database reads `members` again on every statement, and that is what decides.
 */
export type Viewer = z.infer<typeof viewerSchema> & {
  /** The verified JWT claims of a hosted session, handed to Postgres as PostgREST would. */
  claims?: Record<string, unknown>;
  /** Where the request came from, for the audit log, when known. */
  clientIp?: string | null;
};

/**
 * The member the local dashboard opens as when no Supabase project is configured. The local
 * runner creates it; the member switcher can view as any other member.
 */
export const LOCAL_ADMIN: Viewer = {
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'admin@localhost',
  role: 'admin',
  callerId: null,
};

/** The JWT claims RLS policies read for this viewer: the verified ones, or those Supabase would issue. */
export function viewerClaims(viewer: Viewer): Record<string, unknown> {
  return viewer.claims ?? { sub: viewer.userId, email: viewer.email, role: 'authenticated', aud: 'authenticated' };
}
