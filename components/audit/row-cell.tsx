import Link from 'next/link';
import type { AuditRow } from '@/lib/audit/list-audit';

/** The dashboard page of a changed row, where there is one. */
function pageOf(row: Pick<AuditRow, 'table_name' | 'row_id' | 'action'>): string | null {
  if (row.action === 'delete') return null;
  switch (row.table_name) {
    case 'leads': return `/leads/${row.row_id}`;
    case 'callers': return `/callers/${row.row_id}`;
    case 'orders': return `/orders/${row.row_id}`;
    case 'order_leads': return `/orders/${row.row_id.split('/')[0]}`;
    default: return null;
  }
}

/** The changed row: its id, a link to its whole history here, and to its page. */
export function RowCell({ row }: { row: Pick<AuditRow, 'table_name' | 'row_id' | 'action'> }) {
  const page = pageOf(row);
  const history = `/audit?${new URLSearchParams({ table: row.table_name, row_id: row.row_id }).toString()}`;
  return (
    <span className="flex flex-col">
      <span className="text-xs text-slate-500">{row.table_name}</span>
      <span className="flex gap-2">
        <Link href={history} className="font-mono text-xs text-sky-700 hover:underline" title="This row's history">{row.row_id}</Link>
        {page ? <Link href={page} className="text-xs text-sky-700 hover:underline">open</Link> : null}
      </span>
    </span>
  );
}
