import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { StatCard } from '@/components/stat-card';
import { StatusBadge } from '@/components/status-badge';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { getOverview } from '@/lib/dashboard/get-overview';
import { timeFormatter } from '@/lib/time/app-time';

export const metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const showTime = await timeFormatter();
  const { stats, recent } = await getOverview(await pageViewer(STAFF));
  const byStatus = stats.leads_by_status;
  const intake = stats.intake_24h_by_outcome;
  return (
    <>
      <AutoRefresh />
      <PageHeader title="Overview" description={`As of ${showTime(new Date())}`} />
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard label="Leads" value={stats.leads_total} hint={`${stats.leads_today} today`} testId="stat-leads-total" />
        <StatCard label="In stock" value={byStatus.new ?? 0} hint="status new" testId="stat-in-stock" />
        <StatCard label="Assigned today" value={stats.assigned_today} hint={`${stats.callers_active} active callers`} testId="stat-assigned-today" />
        <StatCard label="Open orders" value={stats.orders_open} hint={`${stats.orders_fulfilled} fulfilled`} testId="stat-orders-open" />
      </section>

      <section className="mt-6 grid gap-4 lg:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Leads by status</h2>
          <ul className="flex flex-wrap gap-3 text-sm" data-testid="leads-by-status">
            {Object.entries(byStatus).map(([status, count]) => (
              <li key={status} className="flex items-center gap-1"><StatusBadge status={status} /> {count}</li>
            ))}
          </ul>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Intake, last 24 hours</h2>
          {Object.keys(intake).length === 0 ? (
            <p className="text-sm text-slate-500">No requests in the last 24 hours.</p>
          ) : (
            <ul className="flex flex-wrap gap-3 text-sm">
              {Object.entries(intake).map(([outcome, count]) => (
                <li key={outcome} className="flex items-center gap-1"><StatusBadge status={outcome} /> {count}</li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <section className="mt-6">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Latest leads</h2>
        {recent.length === 0 ? (
          <EmptyState title="No leads yet">Leads sent to POST /api/ingest appear here.</EmptyState>
        ) : (
          <DataTable
            testId="recent-leads"
            rows={recent}
            rowKey={(lead) => lead.id}
            columns={[
              { header: 'Received', cell: (lead) => showTime(lead.created_at) },
              { header: 'Name', cell: (lead) => <Link className="text-sky-700 hover:underline" href={`/leads/${lead.id}`}>{[lead.first_name, lead.last_name].filter(Boolean).join(' ') || 'Unnamed'}</Link> },
              { header: 'State', cell: (lead) => lead.state ?? '—' },
              { header: 'Score', cell: (lead) => lead.score, className: 'tabular-nums' },
              { header: 'Status', cell: (lead) => <StatusBadge status={lead.status} /> },
            ]}
          />
        )}
        <p className="mt-2 text-sm"><Link className="text-sky-700 hover:underline" href="/leads">All leads →</Link></p>
      </section>
    </>
  );
}
