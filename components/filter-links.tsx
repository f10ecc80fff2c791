import Link from 'next/link';

/** A row of links that set one query parameter, "All" clearing it. */
export function FilterLinks({ basePath, name, values, current, params = {} }: {
  basePath: string;
  name: string;
  values: readonly string[];
  current: string | undefined;
  params?: Record<string, string | undefined>;
}) {
  const href = (value: string | undefined) => {
    const query = new URLSearchParams();
    for (const [key, v] of Object.entries(params)) if (v && key !== name && key !== 'page') query.set(key, v);
    if (value) query.set(name, value);
    const text = query.toString();
    return text ? `${basePath}?${text}` : basePath;
  };
  const tab = (active: boolean) =>
    `rounded-full px-3 py-1 text-sm ${active ? 'bg-slate-900 text-white' : 'bg-white text-slate-600 border border-slate-300 hover:bg-slate-100'}`;
  return (
    <div className="mb-4 flex flex-wrap gap-2" role="group" aria-label={`Filter by ${name}`}>
      <Link className={tab(!current)} href={href(undefined)}>All</Link>
      {values.map((value) => (
        <Link key={value} className={tab(current === value)} href={href(value)}>{value}</Link>
      ))}
    </div>
  );
}
