import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/page-header';
import { CallerForm } from '@/components/routing/caller-form';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { callerFormValues } from '@/lib/routing/caller-form-values';
import { getCaller, referenceData } from '@/lib/routing/reference-data';
import { appTimeZone } from '@/lib/time/app-time';
import { saveCallerAction } from '../actions';

export const metadata = { title: 'Edit caller' };

export default async function EditCallerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const viewer = await pageViewer(STAFF);
  const [caller, { states, lines }, timeZone] = await Promise.all([getCaller(viewer, id), referenceData(viewer), appTimeZone()]);
  if (!caller) notFound();
  return (
    <>
      <PageHeader title={`Edit ${caller.name}`} />
      {/* The form sends the caller's version back: a save over someone else's newer one is refused. */}
      <CallerForm action={saveCallerAction} callerId={id} states={states} lines={lines} timeZone={timeZone} values={callerFormValues(caller, timeZone)} />
    </>
  );
}
