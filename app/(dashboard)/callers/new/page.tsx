import { PageHeader } from '@/components/page-header';
import { CallerForm } from '@/components/routing/caller-form';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { referenceData } from '@/lib/routing/reference-data';
import { appTimeZone } from '@/lib/time/app-time';
import { saveCallerAction } from '../actions';

export const metadata = { title: 'New caller' };

export default async function NewCallerPage() {
  const [{ states, lines }, timeZone] = await Promise.all([referenceData(await pageViewer(STAFF)), appTimeZone()]);
  return (
    <>
      <PageHeader title="New caller" />
      <CallerForm
        action={saveCallerAction}
        states={states}
        lines={lines}
        timeZone={timeZone}
        values={{ name: '', email: null, active: true, assigned_states: [], business_line: null, languages: ['en'], daily_lead_limit: 25, hourly_lead_limit: null, max_open_leads: null, working_hours: null, away_until_local: '' }}
      />
    </>
  );
}
