import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

export interface CallerRow {
  id: string;
  name: string;
  email: string | null;
  active: boolean;
  assigned_states: string[];
  business_line: string | null;
  languages: string[];
  daily_lead_limit: number;
  max_open_leads: number | null;
  assigned_today: number;
  open_leads: number;
  /** Edit version: send it back with a change (PATCH /api/callers/:id) to refuse overwriting a newer one. */
  version: number;
}

/** Every caller with today's load and open leads, counted by caller_loads as routing counts them. */
export async function listCallers(viewer: Viewer) {
  return withViewer(db(), viewer, (tx) => tx<CallerRow[]>`
    select c.id, c.name, c.email, c.active, c.assigned_states, c.business_line, c.languages,
           c.daily_lead_limit, c.max_open_leads, l.assigned_today, l.open_leads, c.version
    from public.callers c
    join public.caller_loads() l on l.caller_id = c.id
    order by c.active desc, c.name`);
}
