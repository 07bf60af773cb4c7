// Runs: campaigns with progress and time left, the runs of the selected one, a live log, pause/resume/cancel, failures.
import { useEffect, useState } from 'react';
import type { CampaignSummary, RunInfo } from '../../../../main/contract/campaigns.ts';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { messageOf } from '../../components/errors.ts';
import { formatDuration, formatTime } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { Empty, ErrorState, Loading } from '../../components/StateViews.tsx';
import { Table } from '../../components/Table.tsx';
import { useCampaigns } from '../../stores/campaigns-store.ts';
import { useNavigation } from '../../stores/navigation-store.ts';
import '../../theme/components.css';
import { RunDetails } from './RunDetails.tsx';
import { AdaptivePoints } from './AdaptivePoints.tsx';
import { PlatformPreparation } from './PlatformPreparation.tsx';
import { elapsedSec, isActive, plannedSec, progressPercent, remainingSec } from './timing.ts';

const STATE_TONE: Record<string, Tone> = {
  planned: 'neutral',
  installing: 'info',
  running: 'info',
  parsing: 'info',
  done: 'ok',
  failed: 'bad',
  interrupted: 'warn',
  cancelled: 'warn',
};

export function StateBadge({ state, paused }: { state: string; paused?: boolean }) {
  return <Badge tone={paused ? 'warn' : (STATE_TONE[state] ?? 'neutral')}>{paused ? `${state}, paused` : state}</Badge>;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function Progress({ c }: { c: CampaignSummary }) {
  const pct = progressPercent(c);
  return <ProgressBar value={pct} label={`Progress of ${c.name}`} text={`${c.done + c.failed}/${c.planned} · ${Math.floor(pct)}%`} />;
}

const point = (r: RunInfo) =>
  Object.entries(r.params)
    .filter(([k]) => k !== 'durationSec')
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : String(v)}`)
    .join(', ');

export function RunsPage() {
  const { campaigns, loading, error, load, selectedId, select, detail, detailError, selectedRunId, selectRun, control, busy } = useCampaigns();
  const go = useNavigation((s) => s.go);
  const [actionError, setActionError] = useState<string>();
  const [filter, setFilter] = useState<'all' | 'failed'>('all');
  const anyActive = (campaigns ?? []).some(isActive);
  const now = useNow(anyActive);

  useEffect(() => {
    void load();
  }, [load]);
  // Events keep things current; a slow poll covers a missed event or a core restart.
  useEffect(() => {
    if (!anyActive) return;
    const t = setInterval(() => void useCampaigns.getState().refreshDetail(), 5000);
    return () => clearInterval(t);
  }, [anyActive]);

  const c = detail?.campaign;
  const runs = detail?.runs ?? [];
  const failures = runs.filter((r) => r.state === 'failed');
  const shownRuns = filter === 'failed' ? failures : runs;
  const run = runs.find((r) => r.id === selectedRunId);
  const doControl = (action: 'pause' | 'resume' | 'cancel') => {
    if (!c) return;
    if (action === 'cancel' && !window.confirm(`Cancel ${c.name}? Runs under way are stopped and the rest of the plan is dropped.`)) return;
    setActionError(undefined);
    control(action, c.id).catch((e: unknown) => setActionError(messageOf(e)));
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Runs"
        intro="Campaigns in progress and done: progress, live logs, pause, resume and cancel."
        actions={
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
        }
      />
      {error && <ErrorState error={error} onRetry={() => void load()} />}
      {!error && !campaigns && loading && <Loading label="Loading campaigns…" />}
      {!error && campaigns && campaigns.length === 0 && (
        <Empty title="No campaign yet">
          Start one from a saved scenario.{' '}
          <button type="button" className="link" onClick={() => go('scenarios')}>
            Go to Scenarios
          </button>
        </Empty>
      )}
      {campaigns && campaigns.length > 0 && (
        <Table
          caption="Campaigns"
          testId="campaigns-table"
          rows={campaigns}
          rowKey={(x) => String(x.id)}
          selected={selectedId !== undefined ? String(selectedId) : undefined}
          onSelect={(x) => void select(x.id)}
          columns={[
            {
              key: 'name',
              header: 'Campaign',
              cell: (x) => (
                <>
                  <b>{x.name}</b>
                  <div className="muted">
                    {x.scenario} v{x.scenarioVersion}
                  </div>
                </>
              ),
            },
            {
              key: 'state',
              header: 'State',
              cell: (x) => (
                <span title={x.pauseReason ?? undefined}>
                  <StateBadge state={x.state} paused={x.paused} />
                </span>
              ),
            },
            { key: 'progress', header: 'Progress', cell: (x) => <Progress c={x} /> },
            { key: 'failed', header: 'Failed', className: 'num', cell: (x) => (x.failed ? <Badge tone="bad">{x.failed}</Badge> : 0) },
            { key: 'estimate', header: 'Estimate', className: 'num', cell: (x) => (plannedSec(x) !== undefined ? `~${formatDuration(plannedSec(x)!)}` : '—') },
            { key: 'elapsed', header: 'Elapsed', className: 'num', cell: (x) => formatDuration(elapsedSec(x, now) ?? NaN) },
            {
              key: 'remaining',
              header: 'Remaining',
              className: 'num',
              cell: (x) => {
                const r = remainingSec(x, now);
                return r !== undefined ? `~${formatDuration(r)}` : isActive(x) ? (x.paused ? 'paused' : 'measuring…') : '—';
              },
            },
            { key: 'started', header: 'Started', cell: (x) => formatTime(x.startedAt) },
          ]}
        />
      )}
      {detailError && <ErrorState error={detailError} onRetry={() => void useCampaigns.getState().refreshDetail()} />}
      {selectedId !== undefined && !detail && !detailError && <Loading label="Loading the campaign's runs…" />}
      {c && (
        <div className="panel" style={{ marginTop: 14 }}>
          <div className="page-header">
            <div>
              <h2 data-testid="campaign-title">
                {c.name} <StateBadge state={c.state} paused={c.paused} />
              </h2>
              <div className="kv" data-testid="campaign-counts">
                <span>
                  <b>{c.done}</b> done
                </span>
                <span>
                  <b>{c.failed}</b> failed
                </span>
                <span>
                  <b>{c.planned}</b> planned
                </span>
                {plannedSec(c) !== undefined && <span data-testid="campaign-estimate">estimated {formatDuration(plannedSec(c)!)}</span>}
                <span>elapsed {formatDuration(elapsedSec(c, now) ?? NaN)}</span>
                {remainingSec(c, now) !== undefined && <span data-testid="campaign-remaining">about {formatDuration(remainingSec(c, now)!)} left</span>}
                {c.seed !== null && <span>seed {c.seed}</span>}
              </div>
            </div>
            <div className="page-actions">
              <button type="button" disabled={busy || !isActive(c) || c.paused} onClick={() => doControl('pause')}>
                Pause
              </button>
              <button type="button" disabled={busy || !(c.paused || c.state === 'interrupted')} onClick={() => doControl('resume')}>
                Resume
              </button>
              <button type="button" className="danger" disabled={busy || !(isActive(c) || c.state === 'interrupted')} onClick={() => doControl('cancel')}>
                Cancel
              </button>
              {c.state === 'done' && (
                <button type="button" className="primary" onClick={() => go('compare')}>
                  Compare results
                </button>
              )}
            </div>
          </div>
          <ProgressBar
            value={progressPercent(c)}
            label="Campaign progress"
            text={`${c.done + c.failed} of ${c.planned} runs · ${Math.floor(progressPercent(c))}%`}
          />
          {c.paused && c.pauseReason && (
            <p className="callout" role="status" data-testid="pause-reason">
              <b>Paused by VirtLab:</b> {c.pauseReason} No run was charged for it: fix it, then Resume.
            </p>
          )}
          {actionError && actionError !== c.pauseReason && (
            <p className="error" role="alert">
              {actionError}
            </p>
          )}
          <PlatformPreparation runs={runs} now={now} />
          {detail?.adaptive && (
            <AdaptivePoints
              points={detail.adaptive}
              onRun={(id) => {
                setFilter('all');
                selectRun(id);
              }}
            />
          )}
          <div className="toolbar" role="group" aria-label="Which runs">
            <label className="check">
              <input type="radio" name="run-filter" checked={filter === 'all'} onChange={() => setFilter('all')} /> All attempts ({runs.length})
            </label>
            <label className="check">
              <input type="radio" name="run-filter" checked={filter === 'failed'} onChange={() => setFilter('failed')} /> Failures ({failures.length})
            </label>
          </div>
          <div className="split">
            <div style={{ maxHeight: 460, overflow: 'auto' }}>
              {shownRuns.length === 0 ? (
                <Empty title={filter === 'failed' ? 'No failure' : 'No run yet'} />
              ) : (
                <Table
                  caption="Run attempts"
                  testId="runs-table"
                  rows={shownRuns}
                  rowKey={(r) => String(r.id)}
                  selected={selectedRunId !== undefined ? String(selectedRunId) : undefined}
                  onSelect={(r) => selectRun(r.id)}
                  columns={[
                    { key: 'n', header: '#', className: 'num', cell: (r) => `${r.planIndex + 1}${r.attempt > 1 ? `.${r.attempt}` : ''}` },
                    { key: 'platform', header: 'Platform', cell: (r) => r.platform },
                    { key: 'bench', header: 'Benchmark', cell: (r) => r.benchmark },
                    { key: 'point', header: 'Point', cell: (r) => <span className="mono">{point(r)}</span> },
                    { key: 'rep', header: 'Rep', className: 'num', cell: (r) => (r.repetition < 0 ? 'warm-up' : r.repetition + 1) },
                    {
                      key: 'state',
                      header: 'State',
                      cell: (r) => (
                        <span title={r.error ?? undefined}>
                          <StateBadge state={r.state} />
                        </span>
                      ),
                    },
                    {
                      key: 'time',
                      header: 'Time',
                      className: 'num',
                      cell: (r) => (r.startedAt ? formatDuration(((r.endedAt ?? now) - r.startedAt) / 1000) : '—'),
                    },
                  ]}
                />
              )}
            </div>
            <div>{run ? <RunDetails run={run} /> : <p className="muted">Select a run to follow its log.</p>}</div>
          </div>
        </div>
      )}
    </section>
  );
}
