/**
 * How much each scenario does. The full run stays under 15 minutes on a 2-core machine and
 * `--quick` under 2; every count-bound step also has a time cap, so a slow build of the app
 * shows up as a slow figure, not as a bench that never ends.
 */
export interface Profile {
  name: 'full' | 'quick';
  /** Each closed- and open-loop HTTP run, and each direct SQL run. */
  durationS: number;
  /** Unmeasured load first, so the server's JIT and connection pool are warm. */
  warmupS: number;
  /** Requests per batch run, by batch size. */
  batchRequests: Record<BatchSize, number>;
  batchCapS: number;
  contentionLeads: number;
  contentionCapS: number;
  /** The one big order; the 20 concurrent orders share as much stock again. */
  orderLeads: number;
  ordersCapS: number;
  /** Leads re-scored, with ten events each. */
  scoringLeads: number;
  scoringCapS: number;
  csvRows: number;
  csvCapS: number;
}

export const BATCH_SIZES = [100, 500] as const;
export type BatchSize = (typeof BATCH_SIZES)[number];

const FULL: Profile = {
  name: 'full',
  durationS: 10,
  warmupS: 3,
  batchRequests: { 100: 60, 500: 16 },
  batchCapS: 20,
  contentionLeads: 20_000,
  contentionCapS: 180,
  orderLeads: 10_000,
  ordersCapS: 120,
  scoringLeads: 100_000,
  scoringCapS: 60,
  csvRows: 50_000,
  csvCapS: 120,
};

const QUICK: Profile = {
  name: 'quick',
  durationS: 2,
  warmupS: 1,
  batchRequests: { 100: 8, 500: 4 },
  batchCapS: 5,
  contentionLeads: 1_000,
  contentionCapS: 20,
  orderLeads: 2_000,
  ordersCapS: 15,
  scoringLeads: 10_000,
  scoringCapS: 15,
  csvRows: 5_000,
  csvCapS: 15,
};

export function profileFrom(args: readonly string[]): Profile {
  return args.includes('--quick') ? QUICK : FULL;
}
