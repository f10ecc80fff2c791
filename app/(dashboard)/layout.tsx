import type { ReactNode } from 'react';
import { WhoAmI } from '@/components/auth/who-am-i';
import { Nav } from '@/components/nav';
import { pageViewer } from '@/lib/auth/page-viewer';
import { appTimeZone } from '@/lib/time/app-time';

// Every dashboard page reads live data: never prerender at build time.
export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await pageViewer();
  return (
    <div className="flex min-h-screen">
      <aside className="w-56 shrink-0 border-r border-slate-200 bg-white p-4">
        <div className="mb-6 px-3 text-lg font-bold tracking-tight">LeadOps</div>
        <Nav role={viewer.role} />
        <div className="mt-8 space-y-4 px-3">
          <WhoAmI userId={viewer.userId} email={viewer.email} role={viewer.role} />
          <p className="text-xs text-slate-400">Times in {await appTimeZone()}</p>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-8">{children}</main>
    </div>
  );
}
