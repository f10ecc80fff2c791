/** Runs once when a server process starts (Next.js calls it before the first request). */
export async function register(): Promise<void> {
  // The database pool exists in the Node.js runtime only.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { closePoolBeforeExit } = await import('./lib/lifecycle/close-before-exit');
  closePoolBeforeExit();
}
