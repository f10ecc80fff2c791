'use client';

import { useActionState } from 'react';
import { SecretOnce } from '@/components/secret-once';
import { StatusBadge } from '@/components/status-badge';
import type { FormAction } from '@/lib/api/action-state';
import type { OneTimeSecret } from '@/lib/intake/forms';

interface SourceView {
  id: string;
  name: string;
  kind: 'webhook' | 'internal';
  active: boolean;
  rotating: boolean;
  created: string;
}

type Action = FormAction<OneTimeSecret>;

export function SourcesPanel({ sources, createAction, commandAction }: { sources: SourceView[]; createAction: Action; commandAction: Action }) {
  const [created, create, creating] = useActionState(createAction, {});
  const [commanded, command, commanding] = useActionState(commandAction, {});
  const button = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50';
  return (
    <div className="space-y-3">
      <SecretOnce state={commanded} what="Secret" testId="source-secret" />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="sources-table">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Created</th><th className="px-3 py-2">Status</th><th className="px-3 py-2">Actions</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sources.map((source) => (
              <tr key={source.id}>
                <td className="px-3 py-2 font-medium">{source.name}{source.kind === 'internal' ? <span className="ml-2 text-xs text-slate-500">(internal)</span> : null}</td>
                <td className="px-3 py-2">{source.created}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={source.active ? 'active' : 'inactive'} />
                  {source.rotating ? <span className="ml-2 text-xs text-amber-700">rotating: old secret still valid</span> : null}
                </td>
                <td className="px-3 py-2">
                  {source.kind === 'webhook' ? (
                    <form action={command} className="flex gap-1">
                      <input type="hidden" name="id" value={source.id} />
                      <button className={button} disabled={commanding} name="command" value="rotate" aria-label={`Rotate secret of ${source.name}`}>Rotate secret</button>
                      {source.rotating ? <button className={button} disabled={commanding} name="command" value="end_rotation">End rotation</button> : null}
                      <button className={button} disabled={commanding} name="command" value={source.active ? 'deactivate' : 'activate'}>
                        {source.active ? 'Deactivate' : 'Activate'}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form action={create} className="flex items-end gap-2">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">New source</span>
          <input name="name" placeholder="e.g. landing-pages" className="mt-1 w-64 rounded-md border border-slate-300 px-3 py-1.5" />
        </label>
        <button type="submit" disabled={creating} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50">Create source</button>
      </form>
      <SecretOnce state={created} what="Secret" testId="source-secret" />
    </div>
  );
}
