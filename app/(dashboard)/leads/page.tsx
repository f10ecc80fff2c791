import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { FilterLinks } from '@/components/filter-links';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { AssignStockButton } from '@/components/routing/assign-stock-button';
import { SearchBox } from '@/components/search-box';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer } from '@/lib/auth/page-viewer';
import { parseSearchParams, type SearchParams } from '@/lib/dashboard/search-params';
import { leadStatuses, listLeads, listLeadsQuery } from '@/lib/leads/list-leads';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'Leads' };

export default async function LeadsPage({ searchParams }: { searchParams: SearchParams }) {
  const showTime = await timeFormatter();
  const query = await parseSearchParams(listLeadsQuery, searchParams);
  const page = await listLeads(await pageViewer(), query);
  const params = { status: query.status, state: query.state, q: query.q };
  const button = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100';
  return (
    <>
      <PageHeader
        title="Leads"
        description="Every lead, newest first."
        actions={
          <div className="flex gap-2">
            <AssignStockButton />
            <Link className={button} href="/leads/import">Import CSV</Link>
            <Link className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white" href="/leads/new">Add lead</Link>
          </div>
        }
      />
      <SearchBox action="/leads" value={query.q} placeholder="Name, email, phone or lead id" keep={{ status: query.status, state: query.state }} />
      <FilterLinks basePath="/leads" name="status" values={leadStatuses} current={query.status} params={params} />
      {page.data.length === 0 ? (
        <EmptyState title="No leads match">Try another filter, or send a lead to POST /api/ingest.</EmptyState>
      ) : (
        <DataTable
          testId="leads-table"
          rows={page.data}
          rowKey={(lead) => lead.id}
          columns={[
            { header: 'Received', cell: (lead) => showTime(lead.created_at) },
            { header: 'Name', cell: (lead) => <Link className="text-sky-700 hover:underline" href={`/leads/${lead.id}`}>{[lead.first_name, lead.last_name].filter(Boolean).join(' ') || 'Unnamed'}</Link> },
            { header: 'Email', cell: (lead) => lead.email ?? '—' },
            { header: 'Phone', cell: (lead) => lead.phone_e164 ?? '—' },
            { header: 'State', cell: (lead) => lead.state ?? '—' },
            { header: 'Line', cell: (lead) => lead.business_line ?? '—' },
            { header: 'Score', cell: (lead) => lead.score, className: 'tabular-nums' },
            { header: 'Caller', cell: (lead) => lead.caller_name ?? '—' },
            { header: 'Status', cell: (lead) => <StatusBadge status={lead.status} /> },
          ]}
        />
      )}
      <Pagination page={page.page} perPage={page.per_page} total={page.total} basePath="/leads" params={params} />
    </>
  );
}
