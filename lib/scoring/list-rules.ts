import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

export interface ScoringRuleRow {
  event_type: string;
  points: number;
  max_per_lead: number | null;
  window_days: number | null;
  active: boolean;
  version: number;
}

export async function listScoringRules(viewer: Viewer) {
  return withViewer(db(), viewer, (tx) => tx<ScoringRuleRow[]>`
    select event_type, points, max_per_lead, window_days, active, version
    from public.scoring_rules order by points desc, event_type`);
}
