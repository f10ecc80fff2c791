import { z } from 'zod';

export const appRoles = ['admin', 'manager', 'caller'] as const;

export const viewerSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: z.enum(appRoles),
  callerId: z.uuid().nullable(),
});

/** Who is acting: every user query runs under Postgres RLS as this viewer. */
export type Viewer = z.infer<typeof viewerSchema>;

/**
 * The dashboard's viewer when no Supabase project is configured: a local admin. Hosted
 * deployments resolve the viewer from the Supabase Auth session instead.
 */
export const LOCAL_ADMIN: Viewer = {
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'admin@localhost',
  role: 'admin',
  callerId: null,
};

/** The JWT claims Supabase would issue for this viewer, as RLS policies read them. */
export function viewerClaims(viewer: Viewer): Record<string, unknown> {
  return {
    sub: viewer.userId,
    email: viewer.email,
    role: 'authenticated',
    app_metadata: { role: viewer.role, caller_id: viewer.callerId },
  };
}
