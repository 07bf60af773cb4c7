// The Lab: hosts and guests, their platforms, reachability and facts; add one (wizard), many (range) or import.
import { useEffect, useMemo, useState } from 'react';
import { Badge } from '../../components/Badge.tsx';
import { messageOf } from '../../components/errors.ts';
import { HostKeyNotices } from '../../components/Notices.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorState, Loading } from '../../components/StateViews.tsx';
import { useHosts } from '../../stores/hosts-store.ts';
import { useScenarios } from '../../stores/scenarios-store.ts';
import '../../theme/components.css';
import { AddHostWizard } from './AddHostWizard.tsx';
import { BulkAddDialog } from './BulkAddDialog.tsx';
import { FactsView } from './FactsView.tsx';
import { hostsWithGuests } from './host-order.ts';
import { HostsTable, Reachability } from './HostsTable.tsx';
import { ImportSshConfigDialog } from './ImportSshConfigDialog.tsx';

type DialogId = 'add' | 'import' | 'bulk' | undefined;

export function LabPage() {
  const { hosts, loading, error, checks, facts, load, check, checkOne, loadFacts, remove } = useHosts();
  const platforms = useScenarios((s) => s.platforms);
  const loadPlatforms = useScenarios((s) => s.load);
  const [dialog, setDialog] = useState<DialogId>();
  const [selected, setSelected] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  useEffect(() => {
    void load();
    void loadPlatforms();
  }, [load, loadPlatforms]);

  const rows = useMemo(() => hostsWithGuests(hosts ?? []), [hosts]);
  const current = rows.find((h) => h.name === selected);
  const contradictions = rows.filter((h) => facts[h.name]?.verdict?.status === 'contradicts').length;
  const checking = Object.values(checks).filter((c) => c.state === 'checking').length;

  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Lab"
        intro="Hosts and guests of your cluster, their platforms, reachability and detected facts."
        actions={
          <>
            <button type="button" className="primary" onClick={() => setDialog('add')}>
              Add host…
            </button>
            <button type="button" onClick={() => setDialog('bulk')}>
              Add by range…
            </button>
            <button type="button" onClick={() => setDialog('import')}>
              Import ~/.ssh/config…
            </button>
            <button type="button" disabled={!rows.length} onClick={() => void check(rows.map((h) => h.name))}>
              Check all
            </button>
          </>
        }
      />
      <HostKeyNotices />
      {(checking > 0 || contradictions > 0) && (
        <div className="toolbar" role="status">
          {checking > 0 && <span className="muted">{checking} host(s) being checked; the rest of the page stays usable.</span>}
          {contradictions > 0 && <Badge tone="bad">{contradictions} contradiction(s) between declared and detected virtualization</Badge>}
        </div>
      )}
      {error && <ErrorState error={error} onRetry={() => void load()} />}
      {!error && !hosts && loading && <Loading label="Loading hosts…" />}
      {!error && hosts && rows.length === 0 && (
        <Empty title="No hosts yet">
          Add your first bare-metal host, then its guests (VMs, containers).{' '}
          <button type="button" className="link" onClick={() => setDialog('add')}>
            Add a host
          </button>
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="split">
          <HostsTable rows={rows} platforms={platforms} checks={checks} facts={facts} selected={selected} onSelect={(h) => setSelected(h.name)} />
          <aside className="panel" aria-label="Selected host">
            {!current && <p className="muted">Select a host (click or Enter) to see its facts and actions.</p>}
            {current && (
              <>
                <h2>{current.name}</h2>
                <p className="mono">
                  {current.user}@{current.address}:{current.port} · {current.auth.kind === 'key' ? `key ${current.auth.keyPath}` : current.auth.kind}
                </p>
                <p>{current.guestOf ? `${current.technology} guest on ${current.guestOf}` : 'Bare-metal host'}</p>
                <p>
                  Reachability: <Reachability check={checks[current.name]} />
                </p>
                <div className="toolbar">
                  <button type="button" onClick={() => void checkOne(current.name)} disabled={checks[current.name]?.state === 'checking'}>
                    Check connection
                  </button>
                  <button type="button" onClick={() => void loadFacts(current.name)} disabled={facts[current.name]?.state === 'probing'}>
                    Probe facts
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (!window.confirm(`Remove ${current.name}?`)) return;
                      setActionError(undefined);
                      remove(current.name).then(
                        () => setSelected(undefined),
                        (e: unknown) => setActionError(messageOf(e)),
                      );
                    }}
                  >
                    Remove
                  </button>
                </div>
                {actionError && (
                  <p className="error" role="alert">
                    {actionError}
                  </p>
                )}
                {facts[current.name]?.state === 'probing' && <Loading label="Probing…" />}
                {facts[current.name]?.error && (
                  <p className="error" role="alert">
                    {facts[current.name]?.error}
                  </p>
                )}
                {facts[current.name]?.snapshot && <FactsView snapshot={facts[current.name]!.snapshot!} verdict={facts[current.name]!.verdict} />}
              </>
            )}
          </aside>
        </div>
      )}
      <AddHostWizard open={dialog === 'add'} onClose={() => setDialog(undefined)} hosts={hosts ?? []} />
      <ImportSshConfigDialog open={dialog === 'import'} onClose={() => setDialog(undefined)} />
      <BulkAddDialog open={dialog === 'bulk'} onClose={() => setDialog(undefined)} />
    </section>
  );
}
