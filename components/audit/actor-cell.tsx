import type { AuditRow } from '@/lib/audit/list-audit';

const kindLabels: Record<AuditRow['actor_kind'], string> = {
  member: 'member',
  api_key: 'API key',
  source: 'intake',
  system: 'system',
  console: 'SQL console',
};

/** Who made a change, and through what (a member, an API key, intake, the server, the console). */
export function ActorCell({ row }: { row: Pick<AuditRow, 'actor' | 'actor_kind' | 'client_ip'> }) {
  return (
    <span className="flex flex-col">
      <span>{row.actor}</span>
      <span className="text-xs text-slate-500">{kindLabels[row.actor_kind] ?? row.actor_kind}{row.client_ip ? ` · ${row.client_ip}` : ''}</span>
    </span>
  );
}
