import 'server-only';
import type { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import type { scoringRulesSchema } from './event-schema';

export interface ScoringRuleRow {
  event_type: string;
  points: number;
  max_per_lead: number | null;
  window_days: number | null;
  active: boolean;
  version: number;
}

export interface ScoringJob {
  id: string;
  rules_version: number;
  total: number;
  processed: number;
  changed: number;
  started_at: Date;
  finished_at: Date | null;
}

export async function listScoringRules(viewer: Viewer) {
  return withViewer(db(), viewer, async (tx) => {
    // The rules and their version in one statement (one snapshot): an editor that sends this
    // version back must have seen exactly these rules.
    const [current] = await tx<{ version: number; rules: ScoringRuleRow[] }[]>`
      select (select max(version) from public.scoring_rule_versions) as version,
             coalesce((select jsonb_agg(to_jsonb(r) order by r.points desc, r.event_type)
                       from (select event_type, points, max_per_lead, window_days, active, version from public.scoring_rules) r),
                      '[]'::jsonb) as rules`;
    return {
      rules: current!.rules,
      version: current!.version,
      lastJob: (await tx<ScoringJob[]>`select * from public.scoring_jobs order by started_at desc limit 1`)[0] ?? null,
    };
  });
}

/**
 * Replaces the rules as a new version; scores change when re-scored. With `version` (the one
 * the edit started from), rules saved by someone else since then are not overwritten: 409 with
 * the current rules and version.
 */
export async function saveScoringRules(viewer: Viewer, rules: z.infer<typeof scoringRulesSchema>, version?: number | null): Promise<number> {
  const [row] = await withViewer(db(), viewer, (tx) =>
    tx<{ v: number }[]>`select public.save_scoring_rules(${tx.json(rules as never)}, ${version ?? null}) as v`);
  return row!.v;
}

export async function previewScores(viewer: Viewer, rules: z.infer<typeof scoringRulesSchema>) {
  const [row] = await withViewer(db(), viewer, (tx) => tx<{ p: unknown }[]>`select public.preview_scores(${tx.json(rules as never)}) as p`);
  return row!.p as Record<string, unknown>;
}

export async function startRescore(viewer: Viewer): Promise<ScoringJob> {
  const [job] = await withViewer(db(), viewer, (tx) => tx<ScoringJob[]>`select * from public.start_rescore()`);
  return job!;
}

export async function rescoreStep(viewer: Viewer, jobId: string): Promise<ScoringJob> {
  const [job] = await withViewer(db(), viewer, (tx) => tx<ScoringJob[]>`select * from public.rescore_step(${jobId}, 2000)`);
  return job!;
}

export interface LeaderboardRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  state: string | null;
  status: string;
  score: number;
  last_change: Date | null;
}

export async function leaderboard(viewer: Viewer, limit = 20) {
  return withViewer(db(), viewer, (tx) => tx<LeaderboardRow[]>`
    select l.id, l.first_name, l.last_name, l.state, l.status, l.score,
           (select max(h.changed_at) from public.lead_score_history h where h.lead_id = l.id) as last_change
    from public.leads l order by l.score desc, l.id limit ${limit}`);
}

export interface ScoreChange {
  cause: string;
  event_id: string | null;
  event_type: string | null;
  rules_version: number;
  points: number;
  score_before: number;
  score_after: number;
  changed_at: Date;
}

export async function scoreHistory(viewer: Viewer, leadId: string) {
  return withViewer(db(), viewer, (tx) => tx<ScoreChange[]>`
    select h.cause, h.event_id, e.type as event_type, h.rules_version, h.points, h.score_before, h.score_after, h.changed_at
    from public.lead_score_history h left join public.lead_events e on e.event_id = h.event_id
    where h.lead_id = ${leadId} order by h.changed_at, h.id`);
}
