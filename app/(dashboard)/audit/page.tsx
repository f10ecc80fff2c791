import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { ActorCell } from '@/components/audit/actor-cell';
import { AuditFilters } from '@/components/audit/audit-filters';
import { ChangesCell } from '@/components/audit/changes-cell';
import { RowCell } from '@/components/audit/row-cell';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { listAudit, listAuditQuery } from '@/lib/audit/list-audit';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { parseSearchParams, type SearchParams } from '@/lib/dashboard/search-params';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'Audit' };

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const showTime = await timeFormatter();
  const query = await parseSearchParams(listAuditQuery, searchParams);
  const page = await listAudit(await pageViewer(STAFF), query);
  const params = { table: query.table, action: query.action, actor: query.actor, row_id: query.row_id, from: query.from, to: query.to };
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change to leads, callers, orders, rules, settings, sources, members and API keys: who made it, and what changed. Newest first."
      />
      <AuditFilters query={query} />
      {page.data.length === 0 ? (
        <EmptyState title="No changes match">Try another filter. Dates are days in the app time zone.</EmptyState>
      ) : (
        <DataTable
          testId="audit-table"
          rows={page.data}
          rowKey={(row) => row.id}
          columns={[
            { header: 'When', cell: (row) => showTime(row.at) },
            { header: 'Row', cell: (row) => <RowCell row={row} /> },
            { header: 'Action', cell: (row) => row.action },
            { header: 'Changes', cell: (row) => <ChangesCell row={row} /> },
            { header: 'Actor', cell: (row) => <ActorCell row={row} /> },
          ]}
        />
      )}
      <Pagination page={page.page} perPage={page.per_page} total={page.total} basePath="/audit" params={params} />
    </>
  );
}
