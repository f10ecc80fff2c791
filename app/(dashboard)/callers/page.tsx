import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { listCallers } from '@/lib/routing/list-callers';

export const metadata = { title: 'Callers' };

export default async function CallersPage() {
  const callers = await listCallers(await pageViewer(STAFF));
  return (
    <>
      <AutoRefresh />
      <PageHeader
        title="Callers"
        description="Who leads are routed to, and their load today (New York day)."
        actions={<Link className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white" href="/callers/new">New caller</Link>}
      />
      {callers.length === 0 ? (
        <EmptyState title="No callers yet">Until callers exist, new leads stay in stock.</EmptyState>
      ) : (
        <DataTable
          testId="callers-table"
          rows={callers}
          rowKey={(caller) => caller.id}
          columns={[
            { header: 'Name', cell: (caller) => <Link className="text-sky-700 hover:underline" href={`/callers/${caller.id}`}>{caller.name}</Link> },
            { header: 'States', cell: (caller) => (caller.assigned_states.length ? caller.assigned_states.join(', ') : 'Any (global pool)') },
            { header: 'Line', cell: (caller) => caller.business_line ?? 'Any' },
            { header: 'Languages', cell: (caller) => caller.languages.join(', ') || '—' },
            { header: 'Today', cell: (caller) => `${caller.assigned_today} / ${caller.daily_lead_limit}`, className: 'tabular-nums' },
            { header: 'Open', cell: (caller) => `${caller.open_leads}${caller.max_open_leads === null ? '' : ` / ${caller.max_open_leads}`}`, className: 'tabular-nums' },
            { header: 'Status', cell: (caller) => <StatusBadge status={caller.active ? 'active' : 'inactive'} /> },
            { header: 'Leads', cell: (caller) => <Link className="text-sky-700 hover:underline" href={`/leads/mine?caller=${caller.id}`}>Their leads</Link> },
          ]}
        />
      )}
    </>
  );
}
