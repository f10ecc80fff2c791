import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/page-header';
import { CallerForm, type CallerFormValues } from '@/components/routing/caller-form';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { getCaller, referenceData } from '@/lib/routing/reference-data';
import { appTimeZone } from '@/lib/time/app-time';
import { formatInTimeZone } from 'date-fns-tz';
import { saveCallerAction } from '../actions';

export const metadata = { title: 'Edit caller' };

export default async function EditCallerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const viewer = await pageViewer(STAFF);
  const [caller, { states, lines }] = await Promise.all([getCaller(viewer, id), referenceData(viewer)]);
  if (!caller) notFound();
  return (
    <>
      <PageHeader title={`Edit ${caller.name}`} />
      <CallerForm
        action={saveCallerAction}
        callerId={id}
        states={states}
        lines={lines}
        values={{
          ...(caller as unknown as CallerFormValues),
          away_until_local: caller.away_until ? formatInTimeZone(caller.away_until as Date, await appTimeZone(), "yyyy-MM-dd'T'HH:mm") : '',
        }}
      />
    </>
  );
}
