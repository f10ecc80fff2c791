'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

const input = 'w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

/** Email and password, or a sign-in link by email. */
export function LoginForm({ next, password, magicLink }: { next: string; password: FormAction; magicLink: FormAction }) {
  const [signIn, signInAction, signingIn] = useActionState(password, {});
  const [link, linkAction, sending] = useActionState(magicLink, {});
  return (
    <div className="space-y-8">
      <form action={signInAction} className="space-y-3" aria-label="Sign in with password">
        <input type="hidden" name="next" value={next} />
        <label className="block text-sm font-medium">
          Email
          <input name="email" type="email" autoComplete="email" required className={input} />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input name="password" type="password" autoComplete="current-password" required className={input} />
        </label>
        <button disabled={signingIn} className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">
          {signingIn ? 'Signing in…' : 'Sign in'}
        </button>
        {signIn.error ? <p role="alert" className="text-sm text-rose-700">{signIn.error}</p> : null}
      </form>
      <form action={linkAction} className="space-y-3 border-t border-slate-200 pt-6" aria-label="Email me a sign-in link">
        <input type="hidden" name="next" value={next} />
        <label className="block text-sm font-medium">
          No password? Get a sign-in link
          <input name="email" type="email" autoComplete="email" required placeholder="you@company.com" className={input} />
        </label>
        <button disabled={sending} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium disabled:opacity-50">
          {sending ? 'Sending…' : 'Email me a link'}
        </button>
        {link.error ? <p role="alert" className="text-sm text-rose-700">{link.error}</p> : null}
        {link.message ? <p role="status" className="text-sm text-emerald-800">{link.message}</p> : null}
      </form>
    </div>
  );
}
