import { DataTable } from '@/components/data-table';
import { PageHeader } from '@/components/page-header';
import { CapsEditor } from '@/components/settings/caps-editor';
import { SettingEditor } from '@/components/settings/setting-editor';
import { SourcesPanel } from '@/components/settings/sources-panel';
import { pageViewer, STAFF } from '@/lib/auth/page-viewer';
import { listSources } from '@/lib/intake/sources';
import { getStateCaps } from '@/lib/orders/orders';
import { settingValueToText } from '@/lib/settings/forms';
import { listSettings } from '@/lib/settings/list-settings';
import { timeFormatter } from '@/lib/time/app-time';
import { createSourceAction, saveCapsAction, saveSettingAction, sourceCommandAction } from './actions';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const showTime = await timeFormatter();
  const viewer = await pageViewer(STAFF);
  const [settings, sources, caps] = await Promise.all([listSettings(viewer), listSources(viewer), getStateCaps(viewer)]);
  return (
    <>
      <PageHeader title="Settings" description="Business settings and the sources allowed to send leads." />
      <h2 className="mb-1 text-sm font-semibold text-slate-700">Business settings</h2>
      <p className="mb-3 text-sm text-slate-500">
        Admins change them here or with <code>select set_setting(key, value)</code>; the database checks each value. Routing and every page follow on the next request.
      </p>
      <DataTable
        testId="settings-table"
        rows={settings}
        rowKey={(setting) => setting.key}
        columns={[
          { header: 'Setting', cell: (setting) => <code className="text-xs">{setting.key}</code> },
          {
            header: 'Value',
            cell: (setting) => <SettingEditor settingKey={setting.key} value={settingValueToText(setting.value)} version={setting.version} action={saveSettingAction} />,
          },
          { header: 'Meaning', cell: (setting) => setting.description, className: 'whitespace-normal text-slate-600' },
        ]}
      />
      <h2 className="mb-1 mt-8 text-sm font-semibold text-slate-700">State caps for orders</h2>
      <CapsEditor caps={caps.caps} version={caps.version} action={saveCapsAction} />
      <h2 className="mb-1 mt-8 text-sm font-semibold text-slate-700">Sources</h2>
      <p className="mb-3 text-sm text-slate-500">
        Who may POST to /api/ingest. Secrets are stored hashed and shown once; a rotated-out secret keeps working until you end the rotation (other servers notice changes within 5 seconds).
      </p>
      <SourcesPanel
        sources={sources.map((source) => ({ ...source, created: showTime(source.created_at) }))}
        createAction={createSourceAction}
        commandAction={sourceCommandAction}
      />
    </>
  );
}
