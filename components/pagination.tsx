import Link from 'next/link';

/** Previous/next links that keep the page's other query parameters. */
export function Pagination({ page, perPage, total, basePath, params }: {
  page: number;
  perPage: number;
  total: number;
  basePath: string;
  params: Record<string, string | undefined>;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const href = (target: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    query.set('page', String(target));
    return `${basePath}?${query.toString()}`;
  };
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100';
  return (
    <div className="mt-3 flex items-center justify-between text-sm text-slate-600" data-testid="pagination">
      <span>
        {first.toLocaleString('en-US')}–{last.toLocaleString('en-US')} of {total.toLocaleString('en-US')}
      </span>
      <span className="flex gap-2">
        {page > 1 ? <Link className={link} href={href(page - 1)}>Previous</Link> : null}
        <span className="px-2 py-1">Page {page} of {pages}</span>
        {page < pages ? <Link className={link} href={href(page + 1)}>Next</Link> : null}
      </span>
    </div>
  );
}
