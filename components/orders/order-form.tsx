'use client';

import { useActionState } from 'react';
import type { FormAction } from '@/lib/api/action-state';

const input = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5';

export function OrderForm({ action, states }: {
  action: FormAction;
  /** Every state, with how many leads are in stock there now. */
  states: { code: string; name: string; in_stock: number }[];
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" data-testid="order-form">
      <div className="grid grid-cols-2 gap-4">
        <label className="text-sm"><span className="font-medium">Customer name</span><input name="customer_name" required className={input} /></label>
        <label className="text-sm"><span className="font-medium">Customer email</span><input name="customer_email" type="email" className={input} /></label>
        <label className="col-span-2 text-sm">
          <span className="font-medium">States (Ctrl/Cmd-click for several; in-stock counts in brackets)</span>
          <select name="requested_states" multiple required size={10} aria-label="States" className={input}>
            {states.map((s) => (
              <option key={s.code} value={s.code} disabled={s.in_stock === 0}>{s.code} — {s.name} ({s.in_stock} in stock)</option>
            ))}
          </select>
        </label>
        <label className="text-sm"><span className="font-medium">Quantity</span><input name="quantity" type="number" min={1} placeholder="sum of the caps" className={input} /></label>
        <label className="text-sm"><span className="font-medium">Caps for this order</span><input name="state_caps" placeholder="CA=5, NY=3 (others: Settings, default 10)" className={input} /></label>
      </div>
      {state.error ? <p role="alert" className="text-sm text-rose-700">{state.error}</p> : null}
      <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm text-white disabled:opacity-50">
        {pending ? 'Allocating…' : 'Create order'}
      </button>
    </form>
  );
}
