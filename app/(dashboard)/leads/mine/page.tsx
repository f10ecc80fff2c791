import Link from 'next/link';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer } from '@/lib/auth/page-viewer';
import { parseSearchParams, type SearchParams } from '@/lib/dashboard/search-params';
import { listLeads, listLeadsQuery } from '@/lib/leads/list-leads';
import { listCallers } from '@/lib/routing/list-callers';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'My leads' };

/** A caller's worklist. A caller sees their own; staff pick whose to look at. */
export default async function MyLeadsPage({ searchParams }: { searchParams: SearchParams }) {
  const showTime = await timeFormatter();
  const viewer = await pageViewer();
  const query = await parseSearchParams(listLeadsQuery, searchParams);
  const callerId = viewer.callerId ?? query.caller;
  const callers = viewer.role === 'caller' ? [] : await listCallers(viewer);
  const page = callerId ? await listLeads(viewer, { ...query, caller: callerId }) : null;
  const who = callers.find((c) => c.id === callerId)?.name;
  return (
    <>
      <PageHeader title={who ? `${who}'s leads` : 'My leads'} description="Leads to work, newest first. Open one to log a call." />
      {callers.length > 0 ? (
        <form method="get" className="mb-4 flex gap-2 text-sm">
          <select name="caller" defaultValue={callerId ?? ''} aria-label="Caller" className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Choose a caller…</option>
            {callers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
          <button className="rounded-md bg-slate-900 px-3 py-1.5 text-white">Show</button>
        </form>
      ) : null}
      {!page ? <EmptyState title="Choose a caller to see their leads" /> : page.data.length === 0 ? (
        <EmptyState title="No leads here yet">New leads routed to this caller appear here.</EmptyState>
      ) : (
        <>
          <DataTable
            testId="my-leads"
            rows={page.data}
            rowKey={(lead) => lead.id}
            columns={[
              { header: 'Received', cell: (lead) => showTime(lead.created_at) },
              { header: 'Name', cell: (lead) => <Link className="text-sky-700 hover:underline" href={`/leads/${lead.id}`}>{[lead.first_name, lead.last_name].filter(Boolean).join(' ') || 'Unnamed'}</Link> },
              { header: 'Phone', cell: (lead) => lead.phone_e164 ?? '—' },
              { header: 'State', cell: (lead) => lead.state ?? '—' },
              { header: 'Score', cell: (lead) => lead.score, className: 'tabular-nums' },
              { header: 'Status', cell: (lead) => <StatusBadge status={lead.status} /> },
            ]}
          />
          <Pagination page={page.page} perPage={page.per_page} total={page.total} basePath="/leads/mine" params={{ caller: callerId }} />
        </>
      )}
    </>
  );
}
