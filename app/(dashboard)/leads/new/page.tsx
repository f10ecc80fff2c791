import { AddLeadForm } from '@/components/leads/add-lead-form';
import { PageHeader } from '@/components/page-header';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { addLeadAction } from './actions';

export const metadata = { title: 'Add lead' };

export default async function AddLeadPage() {
  await pageViewer(STAFF);
  return (
    <>
      <PageHeader title="Add lead" description="Goes through the same intake, normalization and duplicate checks as a webhook." />
      <AddLeadForm action={addLeadAction} />
    </>
  );
}
