import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { FilterLinks } from '@/components/filter-links';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { SearchBox } from '@/components/search-box';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { parseSearchParams, type SearchParams } from '@/lib/dashboard/search-params';
import { intakeOutcomes, listIntake, listIntakeQuery } from '@/lib/intake/list-intake';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'Intake' };

export default async function IntakePage({ searchParams }: { searchParams: SearchParams }) {
  const showTime = await timeFormatter();
  const query = await parseSearchParams(listIntakeQuery, searchParams);
  const page = await listIntake(await pageViewer(STAFF), query);
  const params = { outcome: query.outcome, q: query.q };
  return (
    <>
      <PageHeader title="Intake" description="Every request received, stored raw, with its outcome." />
      <SearchBox action="/intake" value={query.q} placeholder="Request id, idempotency key, lead id or text in the body" keep={{ outcome: query.outcome }} />
      <FilterLinks basePath="/intake" name="outcome" values={intakeOutcomes} current={query.outcome} params={params} />
      {page.data.length === 0 ? (
        <EmptyState title="No intake requests match">Requests to POST /api/ingest are recorded here before anything else happens.</EmptyState>
      ) : (
        <DataTable
          testId="intake-table"
          rows={page.data}
          rowKey={(row) => row.id}
          columns={[
            { header: 'Received', cell: (row) => showTime(row.received_at) },
            { header: 'Source', cell: (row) => row.source_name ?? '—' },
            { header: 'Request', cell: (row) => <Link href={`/intake/${row.id}`} className="font-mono text-xs text-sky-700 hover:underline">{row.request_id}</Link> },
            { header: 'Outcome', cell: (row) => <StatusBadge status={row.outcome} /> },
            { header: 'Error', cell: (row) => <span className="block max-w-md truncate">{row.error ?? ''}</span> },
          ]}
        />
      )}
      <Pagination page={page.page} perPage={page.per_page} total={page.total} basePath="/intake" params={params} />
    </>
  );
}
