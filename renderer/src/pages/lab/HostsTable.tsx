// Hosts with their guests beneath them: role, platform, reachability (per host, async) and key facts.
import type { HostRecord } from '../../../../main/contract/hosts.ts';
import type { PlatformInfo } from '../../../../main/contract/scenarios.ts';
import { Badge } from '../../components/Badge.tsx';
import { Spinner } from '../../components/StateViews.tsx';
import { Table } from '../../components/Table.tsx';
import type { CheckState, FactsState } from '../../stores/hosts-store.ts';
import { keyFacts, VerdictBadge } from './FactsView.tsx';

export function Reachability({ check }: { check: CheckState | undefined }) {
  if (!check) return <span className="muted">not checked</span>;
  if (check.state === 'checking')
    return (
      <span>
        <Spinner label="checking" /> checking…
      </span>
    );
  if (check.error)
    return (
      <span title={check.error}>
        <Badge tone="bad">error</Badge> <span className="muted">{check.error}</span>
      </span>
    );
  const r = check.result;
  if (!r) return <span className="muted">no answer</span>;
  if (r.ok)
    return (
      <span>
        <Badge tone="ok">reachable</Badge> <span className="muted">{r.latencyMs} ms</span>
      </span>
    );
  return (
    <span title={r.error}>
      <Badge tone="bad">unreachable</Badge> <span className="muted small-error">{r.error}</span>
    </span>
  );
}

export function HostsTable({
  rows,
  platforms,
  checks,
  facts,
  selected,
  onSelect,
}: {
  rows: readonly HostRecord[];
  platforms: readonly PlatformInfo[] | undefined;
  checks: Record<string, CheckState>;
  facts: Record<string, FactsState>;
  selected?: string;
  onSelect(h: HostRecord): void;
}) {
  const platformOf = (name: string) => (platforms ?? []).filter((p) => p.endpoints.includes(name));
  return (
    <Table
      caption="Hosts and guests"
      testId="hosts-table"
      rows={rows}
      rowKey={(h) => h.name}
      selected={selected}
      onSelect={onSelect}
      columns={[
        { key: 'name', header: 'Name', className: undefined, cell: (h) => <span className={h.guestOf ? 'guest-name' : undefined}>{h.name}</span> },
        {
          key: 'address',
          header: 'Address',
          cell: (h) => (
            <span className="mono">
              {h.user}@{h.address}
              {h.port !== 22 ? `:${h.port}` : ''}
              {h.jump.length ? ` via ${h.jump.join(' → ')}` : ''}
            </span>
          ),
        },
        { key: 'role', header: 'Technology', cell: (h) => (h.guestOf ? <span>{h.technology} guest</span> : <span>host (native)</span>) },
        {
          key: 'platform',
          header: 'Platform',
          cell: (h) =>
            platformOf(h.name)
              .map((p) => p.name)
              .join(', ') || <span className="muted">—</span>,
        },
        { key: 'reach', header: 'Reachability', cell: (h) => <Reachability check={checks[h.name]} /> },
        {
          key: 'facts',
          header: 'Facts',
          cell: (h) => {
            const f = facts[h.name];
            if (!f) return <span className="muted">—</span>;
            if (f.state === 'probing' && !f.snapshot)
              return (
                <span>
                  <Spinner label="probing" /> probing…
                </span>
              );
            if (f.error)
              return (
                <span className="error" title={f.error}>
                  probe failed
                </span>
              );
            return f.snapshot?.facts ? (
              <span>
                {keyFacts(f.snapshot.facts)} {f.verdict && <VerdictBadge verdict={f.verdict} />}
              </span>
            ) : null;
          },
        },
      ]}
    />
  );
}
