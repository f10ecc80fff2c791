'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const items = [
  { href: '/', label: 'Overview' },
  { href: '/leads', label: 'Leads' },
  { href: '/leads/mine', label: 'My leads' },
  { href: '/callers', label: 'Callers' },
  { href: '/orders', label: 'Orders' },
  { href: '/scoring', label: 'Scoring' },
  { href: '/intake', label: 'Intake' },
  { href: '/automation', label: 'Automation' },
  { href: '/settings', label: 'Settings' },
] as const;

export function Nav() {
  const pathname = usePathname();
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
