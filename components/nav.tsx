'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { appRoles, STAFF, type AppRole } from '@/lib/auth/viewer';

// Which pages each role is shown; the pages themselves send others away, and RLS decides the data.
const allItems: { href: string; label: string; roles: readonly AppRole[] }[] = [
  { href: '/', label: 'Overview', roles: STAFF },
  { href: '/leads', label: 'Leads', roles: appRoles },
  { href: '/leads/mine', label: 'My leads', roles: appRoles },
  { href: '/callers', label: 'Callers', roles: STAFF },
  { href: '/orders', label: 'Orders', roles: STAFF },
  { href: '/scoring', label: 'Scoring', roles: STAFF },
  { href: '/intake', label: 'Intake', roles: STAFF },
  { href: '/automation', label: 'Automation', roles: STAFF },
  { href: '/settings', label: 'Settings', roles: STAFF },
  { href: '/audit', label: 'Audit', roles: STAFF },
  { href: '/members', label: 'Members', roles: ['admin'] },
  { href: '/api-keys', label: 'API keys', roles: ['admin'] },
];

export function Nav({ role }: { role: AppRole }) {
  const pathname = usePathname();
  const items = allItems.filter((item) => item.roles.includes(role));
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {items.map((item) => {
        // The longest matching entry wins, so /leads/mine does not also light up Leads.
        const matches = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
        const active = matches(item.href) && !items.some((other) => other.href.length > item.href.length && matches(other.href));
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${
              active ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-200 hover:text-slate-900'
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
