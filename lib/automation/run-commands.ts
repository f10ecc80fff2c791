import 'server-only';
import type { Sql } from 'postgres';
import { mapError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { resolveCommand } from './resolve-command';

/** A command to run, by name, with its parameters as sent (JSON or `key=value` text). */
export interface CommandCall {
  command: string;
  params: unknown;
}

/** What one command did: its result, or what it threw (for mapError to turn into a code). */
export type CommandOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

export interface RunOptions {
  /** Run everything, answer what it did, then roll the whole transaction back. */
  dryRun?: boolean;
  /** Go on after a failed command instead of stopping there. */
  continueOnError?: boolean;
}

/** Thrown out of the transaction to roll a dry run back; carries what the commands answered. */
class DryRunRollback extends Error {
  constructor(readonly outcomes: CommandOutcome[]) {
    super('dry run');
  }
}

/**
 * Runs the calls in order, in one transaction as the viewer, so RLS and the SQL functions' own
 * checks apply to each. Every command has a savepoint: one that fails is undone alone, and the
 * ones before it stay (a failed statement would otherwise leave the transaction unusable).
 * Answers one outcome per call that ran; after a failure the rest do not run unless
 * `continueOnError`. A failure that says "retry" (the database away, a lost deadlock) is thrown,
 * with everything rolled back.
 */
export async function runCommands(sql: Sql, viewer: Viewer, calls: readonly CommandCall[], options: RunOptions = {}): Promise<CommandOutcome[]> {
  try {
    return await withViewer(sql, viewer, async (tx) => {
      const outcomes: CommandOutcome[] = [];
      for (const call of calls) {
        try {
          const { command, params } = resolveCommand(call.command, call.params);
          outcomes.push({ ok: true, result: await tx.savepoint((step) => command.run(step, viewer, params)) });
        } catch (error) {
          // "Not now, retry" (the database away, a deadlock lost): the whole request is rolled
          // back and answered 503, so that a client resending it all runs nothing twice.
          if (mapError(error).code === 'unavailable') throw error;
          outcomes.push({ ok: false, error });
          if (!options.continueOnError) break;
        }
      }
      if (options.dryRun) throw new DryRunRollback(outcomes);
      return outcomes;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcomes;
    throw error;
  }
}
