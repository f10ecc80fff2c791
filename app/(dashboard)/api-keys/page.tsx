import { CreateKeyForm } from '@/components/api-keys/create-key-form';
import { RevokeKeyButton } from '@/components/api-keys/revoke-key-button';
import { DataTable } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { listApiKeys } from '@/lib/api-keys/api-keys';
import { pageViewer } from '@/lib/auth/page-viewer';
import { listCallers } from '@/lib/routing/list-callers';
import { timeFormatter } from '@/lib/time/app-time';
import { createApiKeyAction, revokeApiKeyAction } from './actions';

export const metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const viewer = await pageViewer(['admin']);
  const showTime = await timeFormatter();
  const [keys, callers] = await Promise.all([listApiKeys(viewer), listCallers(viewer)]);
  return (
    <>
      <PageHeader
        title="API keys"
        description="For scripts: send Authorization: Bearer <key> to the leads, orders, callers, scoring and audit APIs. A key acts with its role (a caller key: that caller's leads only) and is stored hashed."
      />
      <CreateKeyForm callers={callers.map(({ id, name }) => ({ id, name }))} action={createApiKeyAction} />
      {keys.length === 0 ? <EmptyState title="No API keys yet">Create one above; it is shown once.</EmptyState> : (
        <DataTable
          testId="api-keys-table"
          rows={keys}
          rowKey={(key) => key.id}
          columns={[
            { header: 'Name', cell: (key) => key.name },
            { header: 'Key', cell: (key) => <code className="text-xs">{key.prefix}…</code> },
            { header: 'Acts as', cell: (key) => (key.caller_name ? `caller ${key.caller_name}` : key.role) },
            { header: 'Per minute', cell: (key) => key.rate_limit_per_minute, className: 'tabular-nums' },
            { header: 'Created', cell: (key) => `${showTime(key.created_at)} by ${key.created_by}` },
            { header: 'Last used', cell: (key) => (key.last_used_at ? showTime(key.last_used_at) : 'never') },
            { header: '', cell: (key) => (key.revoked_at ? `revoked ${showTime(key.revoked_at)}` : <RevokeKeyButton id={key.id} name={key.name} action={revokeApiKeyAction} />) },
          ]}
        />
      )}
    </>
  );
}
