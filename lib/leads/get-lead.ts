import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import type { LeadNextSteps } from './lead-next-steps';

export interface Candidate {
  caller_id: string;
  name: string;
  tier: string | null;
  /** Why routing passes this caller over (null = eligible); ruled_out says it in words. */
  ruled_out_code: string | null;
  ruled_out: string | null;
  assigned_today: number;
  daily_limit: number;
  open_leads?: number;
}

export interface LeadDetail {
  lead: Record<string, unknown> & { id: string; status: string; created_at: Date; assigned_caller_id: string | null; caller_name: string | null };
  assignments: { id: string; caller_name: string | null; reason: string; candidates: Candidate[]; actor: string; assigned_at: Date; ended_at: Date | null; end_reason: string | null }[];
  statusHistory: { from_status: string; to_status: string; note: string | null; actor: string; changed_at: Date }[];
  /** Who routing would consider right now, and why not. */
  candidatesNow: Candidate[];
  /** What can be done with the lead now, as the database's rules say. */
  nextSteps: LeadNextSteps;
}

/** A lead with its routing trace and status history, or null when the viewer cannot see it. */
export async function getLead(viewer: Viewer, id: string): Promise<LeadDetail | null> {
  return withViewer(db(), viewer, async (tx) => {
    const [row] = await tx<(LeadDetail['lead'] & { next_steps: LeadNextSteps })[]>`
      select l.*, c.name as caller_name, public.lead_next_steps(l.id) as next_steps
      from public.leads l left join public.callers c on c.id = l.assigned_caller_id
      where l.id = ${id}`;
    if (!row) return null;
    const { next_steps: nextSteps, ...lead } = row;
    const assignments = await tx<LeadDetail['assignments']>`
      select a.id, c.name as caller_name, a.reason, a.candidates, a.actor, a.assigned_at, a.ended_at, a.end_reason
      from public.lead_assignments a left join public.callers c on c.id = a.caller_id
      where a.lead_id = ${id} order by a.assigned_at desc`;
    const statusHistory = await tx<LeadDetail['statusHistory']>`
      select from_status, to_status, note, actor, changed_at from public.lead_status_history
      where lead_id = ${id} order by changed_at desc`;
    const candidatesNow = viewer.role === 'caller' ? [] : await tx<Candidate[]>`
      select caller_id, name, tier, ruled_out_code, ruled_out, assigned_today, daily_limit, open_leads
      from public.routing_candidates(${id})`;
    return { lead, assignments, statusHistory, candidatesNow, nextSteps };
  });
}
