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
}

/** Every caller with today's load (New York day) and open leads. */
export async function listCallers(viewer: Viewer, timeZone: string) {
  return withViewer(db(), viewer, (tx) => tx<CallerRow[]>`
    select c.id, c.name, c.email, c.active, c.assigned_states, c.business_line, c.languages,
           c.daily_lead_limit, c.max_open_leads,
           (select count(*)::int from public.lead_assignments a
             where a.caller_id = c.id and a.assigned_at >= public.local_day_start(now(), ${timeZone})) as assigned_today,
           (select count(*)::int from public.leads l
             where l.assigned_caller_id = c.id and l.status in ('assigned', 'contacted')) as open_leads
    from public.callers c
    order by c.active desc, c.name`);
}
