'use server';

import { redirect } from 'next/navigation';
import type { ActionState } from '@/lib/api/action-state';
import { formFields } from '@/lib/api/form-fields';
import { safeNext } from '@/lib/auth/safe-next';
import { magicLinkSchema, signInSchema, siteOrigin } from '@/lib/auth/sign-in';
import { supabaseForRequest } from '@/lib/auth/supabase-clients';
import { logger } from '@/lib/log/logger';

const log = logger.child({ area: 'sign-in' });

function firstProblem(error: { issues: { message: string }[] }): ActionState {
  return { error: error.issues[0]?.message ?? 'check the form' };
}

/** Email and password: Supabase Auth checks them and @supabase/ssr writes the session cookies. */
export async function signInWithPassword(_state: ActionState, form: FormData): Promise<ActionState> {
  const parsed = signInSchema.safeParse(formFields(form));
  if (!parsed.success) return firstProblem(parsed.error);
  const supabase = await supabaseForRequest();
  const { error } = await supabase.auth.signInWithPassword({ email: parsed.data.email, password: parsed.data.password });
  if (error) {
    // Wrong password and unknown email read the same: the form must not tell who has an account.
    if (error.status === 400) return { error: 'Wrong email or password.' };
    if (error.status === 429) return { error: 'Too many attempts; wait a minute and try again.' };
    log.error({ err: { message: error.message, status: error.status, code: error.code } }, 'sign-in failed');
    return { error: 'Sign-in is not available right now; try again in a moment.' };
  }
  redirect(safeNext(parsed.data.next));
}

/** A one-time sign-in link by email, for members who never set a password. */
export async function sendMagicLink(_state: ActionState, form: FormData): Promise<ActionState> {
  const parsed = magicLinkSchema.safeParse(formFields(form));
  if (!parsed.success) return firstProblem(parsed.error);
  const supabase = await supabaseForRequest();
  const confirm = new URL('/auth/confirm', await siteOrigin());
  confirm.searchParams.set('next', safeNext(parsed.data.next));
  const { error } = await supabase.auth.signInWithOtp({
    email: parsed.data.email,
    options: { shouldCreateUser: false, emailRedirectTo: confirm.toString() },
  });
  // Unknown addresses get the same answer: the form must not tell who has an account.
  if (error && !(error.status && error.status < 500)) {
    log.error({ err: { message: error.message, status: error.status, code: error.code } }, 'magic link failed');
    return { error: 'Sign-in links are not available right now; try again in a moment.' };
  }
  return { message: `If ${parsed.data.email} belongs to a member, a sign-in link is on its way.` };
}

export async function signOut(): Promise<void> {
  await (await supabaseForRequest()).auth.signOut();
  redirect('/login');
}
