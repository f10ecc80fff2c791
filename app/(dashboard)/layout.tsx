import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { appTimeZone } from '@/lib/time/app-time';

// Every dashboard page reads live data: never prerender at build time.
export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <aside className="w-56 shrink-0 border-r border-slate-200 bg-white p-4">
        <div className="mb-6 px-3 text-lg font-bold tracking-tight">LeadOps</div>
        <Nav />
        <p className="mt-8 px-3 text-xs text-slate-400">Times in {await appTimeZone()}</p>
      </aside>
      <main className="min-w-0 flex-1 p-8">{children}</main>
    </div>
  );
}
