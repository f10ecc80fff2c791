import { DataTable } from '@/components/data-table';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { currentViewer } from '@/lib/auth/current-viewer';
import { listSettings } from '@/lib/settings/list-settings';
import { showTime } from '@/lib/time/app-time';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { settings, sources } = await listSettings(await currentViewer());
  return (
    <>
      <PageHeader title="Settings" description="Business settings and the sources allowed to send leads." />
      <h2 className="mb-2 text-sm font-semibold text-slate-700">Business settings</h2>
      <DataTable
        testId="settings-table"
        rows={settings}
        rowKey={(setting) => setting.key}
        columns={[
          { header: 'Setting', cell: (setting) => <code className="text-xs">{setting.key}</code> },
          { header: 'Value', cell: (setting) => <code className="text-xs">{JSON.stringify(setting.value)}</code> },
          { header: 'Meaning', cell: (setting) => setting.description, className: 'whitespace-normal text-slate-600' },
        ]}
      />
      <h2 className="mb-2 mt-8 text-sm font-semibold text-slate-700">Sources</h2>
      <DataTable
        testId="sources-table"
        rows={sources}
        rowKey={(source) => source.name}
        columns={[
          { header: 'Name', cell: (source) => source.name },
          { header: 'Created', cell: (source) => showTime(source.created_at) },
          { header: 'Status', cell: (source) => <StatusBadge status={source.active ? 'active' : 'inactive'} /> },
        ]}
      />
    </>
  );
}
