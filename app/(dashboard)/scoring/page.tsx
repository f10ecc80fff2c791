import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { currentViewer } from '@/lib/auth/current-viewer';
import { listScoringRules } from '@/lib/scoring/list-rules';

export const metadata = { title: 'Scoring' };

export default async function ScoringPage() {
  const rules = await listScoringRules(await currentViewer());
  return (
    <>
      <PageHeader title="Scoring" description="Points per event type; a lead's score replays its events under these rules." />
      {rules.length === 0 ? (
        <EmptyState title="No scoring rules">Every lead scores 0 until a rule exists.</EmptyState>
      ) : (
        <DataTable
          testId="scoring-rules"
          rows={rules}
          rowKey={(rule) => rule.event_type}
          columns={[
            { header: 'Event', cell: (rule) => rule.event_type },
            { header: 'Points', cell: (rule) => rule.points, className: 'tabular-nums' },
            { header: 'Max per lead', cell: (rule) => rule.max_per_lead ?? '—' },
            { header: 'Window (days)', cell: (rule) => rule.window_days ?? '—' },
            { header: 'Version', cell: (rule) => rule.version },
            { header: 'Status', cell: (rule) => <StatusBadge status={rule.active ? 'active' : 'inactive'} /> },
          ]}
        />
      )}
    </>
  );
}
