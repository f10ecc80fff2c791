import { CsvImport } from '@/components/leads/csv-import';
import { PageHeader } from '@/components/page-header';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';

export const metadata = { title: 'Import leads' };

export default async function ImportLeadsPage() {
  await pageViewer(STAFF);
  return (
    <>
      <PageHeader
        title="Import leads from CSV"
        description="Rows go through the same intake as webhooks: normalized, de-duplicated, recorded. Large files are read and sent in chunks."
      />
      <CsvImport />
    </>
  );
}
