import type { AuditRow } from '@/lib/audit/list-audit';

const MAX_VALUE = 80;

/** A stored value as one short line: text as it is, anything else as JSON, none as '—'. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function isChange(value: unknown): value is { old: unknown; new: unknown } {
  return typeof value === 'object' && value !== null && 'old' in value && 'new' in value;
}

/**
 * What an audit row changed: `field: old → new` per field of an update; the row's fields,
 * folded, for an insert or a delete.
 */
export function ChangesCell({ row }: { row: Pick<AuditRow, 'action' | 'changes'> }) {
  const entries = Object.entries(row.changes);
  if (row.action === 'update') {
    return (
      <ul className="space-y-0.5 whitespace-normal text-xs" data-testid="audit-changes">
        {entries.map(([field, change]) => (
          <li key={field}>
            <span className="font-medium text-slate-700">{field}</span>:{' '}
            {isChange(change) ? (
              <>
                <span className="text-rose-700" title={JSON.stringify(change.old)}>{showValue(change.old)}</span>
                {' → '}
                <span className="text-emerald-700" title={JSON.stringify(change.new)}>{showValue(change.new)}</span>
              </>
            ) : showValue(change)}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <details className="whitespace-normal text-xs" data-testid="audit-changes">
      <summary className="cursor-pointer text-slate-600">{row.action === 'insert' ? 'New row' : 'Deleted row'} ({entries.length} fields)</summary>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2">
        {entries.map(([field, value]) => (
          <div key={field} className="contents">
            <dt className="font-medium text-slate-700">{field}</dt>
            <dd title={JSON.stringify(value)}>{showValue(value)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
