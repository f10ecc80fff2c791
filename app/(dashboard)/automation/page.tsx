import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';

export const metadata = { title: 'Automation' };

export default async function AutomationPage() {
  await pageViewer(STAFF);
  return (
    <>
      <PageHeader title="Automation" description="Rules that act on a schedule or on events." />
      <EmptyState title="No automation rules yet">
        Rules such as &ldquo;fulfill this order every hour&rdquo; or &ldquo;reassign leads untouched for 30 minutes&rdquo; will be listed here.
      </EmptyState>
    </>
  );
}
