import type { ActionState } from '@/lib/api/action-state';
import type { OneTimeSecret } from '@/lib/intake/forms';

/** A secret or key just made: shown this once, never stored in clear. */
export function SecretOnce({ state, what, testId }: { state: ActionState<OneTimeSecret>; what: string; testId: string }) {
  if (state.error) return <p role="alert" className="text-sm text-rose-700">{state.error}</p>;
  if (!state.result) return null;
  return (
    <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm" data-testid={testId}>
      <p className="font-medium text-emerald-900">{what} for “{state.result.name}”. Copy it now: it will not be shown again.</p>
      <code className="mt-1 block select-all break-all font-mono">{state.result.value}</code>
    </div>
  );
}
