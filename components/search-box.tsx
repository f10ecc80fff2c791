/** A GET form that sets ?q= and keeps the page's other filters. */
export function SearchBox({ action, value, placeholder, keep = {} }: {
  action: string;
  value: string | undefined;
  placeholder: string;
  keep?: Record<string, string | undefined>;
}) {
  return (
    <form action={action} method="get" role="search" className="mb-4 flex gap-2">
      {Object.entries(keep).map(([name, v]) => (v ? <input key={name} type="hidden" name={name} value={v} /> : null))}
      <input
        type="search"
        name="q"
        defaultValue={value}
        placeholder={placeholder}
        aria-label="Search"
        className="w-96 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
      />
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white">Search</button>
    </form>
  );
}
