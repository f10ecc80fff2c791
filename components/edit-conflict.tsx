'use client';

import type { ReactNode } from 'react';
import type { FieldChange } from '@/lib/api/edit-version';

/**
 * What a form says when its save was refused because someone else saved first (a 409 with the
 * current values): the record changed since the form was opened, here is the current version,
 * nothing of this save was kept; review and save again, or reload.
 */
export function EditConflict({ what, version, changes, note, children }: {
  /** The subject of the sentence, e.g. "This caller was". */
  what: string;
  version?: number;
  /** What someone else changed, when the form can tell. */
  changes?: FieldChange[];
  /** Instead of the default last sentence. */
  note?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div role="alert" data-testid="edit-conflict" className="w-full space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p>
        <strong>{what} changed by someone else since you opened it</strong> — here is the current version
        {version ? ` (version ${version})` : ''}.{' '}
        {note ?? (
          <>
            Your changes were not saved: review them and save again, or{' '}
            <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>reload the page</button>.
          </>
        )}
      </p>
      {changes && changes.length > 0 ? (
        <ul className="list-disc pl-5" data-testid="edit-conflict-changes">
          {changes.map((change) => (
            <li key={change.label}>
              {change.label}: <span className="line-through decoration-amber-700/60">{change.before || '—'}</span> → <strong>{change.after || '—'}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
