import Link from 'next/link';
import { auditActions, auditTables, type ListAuditQuery } from '@/lib/audit/list-audit';

/** The Audit page's filters: a GET form, so a filtered view is a link like any other. */
export function AuditFilters({ query }: { query: ListAuditQuery }) {
  const field = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';
  const label = 'flex flex-col gap-1 text-xs font-medium text-slate-600';
  return (
    <form action="/audit" method="get" aria-label="Filter the audit log" className="mb-4 flex flex-wrap items-end gap-3">
      <label className={label}>
        Table
        <select name="table" defaultValue={query.table ?? ''} className={field}>
          <option value="">Any table</option>
          {auditTables.map((table) => <option key={table} value={table}>{table}</option>)}
        </select>
      </label>
      <label className={label}>
        Action
        <select name="action" defaultValue={query.action ?? ''} className={field}>
          <option value="">Any action</option>
          {auditActions.map((action) => <option key={action} value={action}>{action}</option>)}
        </select>
      </label>
      <label className={label}>
        Actor
        <input name="actor" defaultValue={query.actor ?? ''} placeholder="email, api key …, source …" className={`${field} w-56`} />
      </label>
      <label className={label}>
        Row id
        <input name="row_id" defaultValue={query.row_id ?? ''} placeholder="exact id" className={`${field} w-72 font-mono text-xs`} />
      </label>
      <label className={label}>
        From
        <input name="from" type="date" defaultValue={query.from ?? ''} className={field} />
      </label>
      <label className={label}>
        To
        <input name="to" type="date" defaultValue={query.to ?? ''} className={field} />
      </label>
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white">Filter</button>
      <Link href="/audit" className="px-1 py-1.5 text-sm text-sky-700 hover:underline">Clear</Link>
    </form>
  );
}
