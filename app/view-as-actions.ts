'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { VIEW_AS_COOKIE } from '@/lib/auth/identity';
import { hostedProject } from '@/lib/auth/supabase-clients';

const viewAsForm = z.object({ userId: z.uuid() });

/**
 * Local mode's member switcher: the dashboard is viewed as another member, so every role can be
 * tried without a Supabase project. Hosted, who you are is your session, nothing else.
 */
export async function viewAs(form: FormData): Promise<void> {
  if (hostedProject()) throw new Error('viewing as another member is for local mode only');
  const parsed = viewAsForm.safeParse({ userId: form.get('userId') });
  if (!parsed.success) redirect('/');
  (await cookies()).set(VIEW_AS_COOKIE, parsed.data.userId, { httpOnly: true, sameSite: 'strict', path: '/' });
  redirect('/');
}
