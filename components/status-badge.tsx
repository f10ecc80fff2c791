const tones: Record<string, string> = {
  new: 'bg-sky-100 text-sky-800',
  assigned: 'bg-indigo-100 text-indigo-800',
  contacted: 'bg-violet-100 text-violet-800',
  qualified: 'bg-amber-100 text-amber-800',
  won: 'bg-emerald-100 text-emerald-800',
  lost: 'bg-slate-200 text-slate-700',
  reserved: 'bg-orange-100 text-orange-800',
  sold: 'bg-teal-100 text-teal-800',
  open: 'bg-sky-100 text-sky-800',
  fulfilled: 'bg-emerald-100 text-emerald-800',
  deleted: 'bg-slate-200 text-slate-600',
  created: 'bg-emerald-100 text-emerald-800',
  duplicate: 'bg-amber-100 text-amber-800',
  rejected: 'bg-rose-100 text-rose-800',
  failed: 'bg-rose-200 text-rose-900',
  active: 'bg-emerald-100 text-emerald-800',
  inactive: 'bg-slate-200 text-slate-600',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tones[status] ?? 'bg-slate-100 text-slate-700'}`}>
      {status}
    </span>
  );
}
