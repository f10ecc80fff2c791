import 'server-only';
import { closeDb } from '@/lib/db/client';

/**
 * On SIGTERM or SIGINT, Next.js stops accepting connections, waits for the requests in flight
 * and then calls process.exit(128 + signal), with no hook for the app in between. The pool has
 * to close in that gap: after the last request (which may still query), before the exit (which
 * would drop every connection unannounced). So once such a signal has come, the exit Next.js
 * makes first waits for the pool to close (at most 2 s).
 */
export function closePoolBeforeExit(): void {
  // With manual signal handling Next.js leaves the signals to the app, which then closes the
  // pool itself; a listener here would only keep the process from exiting on them.
  if (process.env.NEXT_MANUAL_SIG_HANDLE) return;
  let armed = false;
  const onSignal = () => {
    if (armed) return;
    armed = true;
    const exit = process.exit.bind(process);
    process.exit = ((code?: number) => {
      void closeDb().finally(() => exit(code));
    }) as typeof process.exit;
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
