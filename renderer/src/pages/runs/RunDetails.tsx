// One run attempt: its live log tail (campaigns.log events) and, for a failure, the reason and the raw output.
import { useEffect, useRef, useState } from 'react';
import type { RunInfo } from '../../../../main/contract/campaigns.ts';
import type { RawOutput } from '../../../../main/contract/runs.ts';
import { api } from '../../api/core-api.ts';
import { messageOf } from '../../components/errors.ts';
import { Loading } from '../../components/StateViews.tsx';
import { useCampaigns } from '../../stores/campaigns-store.ts';

export function LogTail({ runId }: { runId: number }) {
  const lines = useCampaigns((s) => s.logs[runId]);
  const ref = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    if (follow && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [lines, follow]);
  return (
    <>
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow the end
        </label>
      </div>
      <pre className="log" ref={ref} tabIndex={0} aria-label={`Live log of run ${runId}`} aria-live="off" data-testid="log-tail">
        {(lines ?? []).length === 0 ? (
          <span className="muted">No output yet from this run in this session.</span>
        ) : (
          lines!.map((l, i) => (
            <div key={i} className={l.stream}>
              {l.line}
            </div>
          ))
        )}
      </pre>
    </>
  );
}

export function RawOutputView({ runId }: { runId: number }) {
  const [raw, setRaw] = useState<RawOutput>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setRaw(undefined);
    setError(undefined);
    const client = api();
    client['runs.rawOutput']({ runId }).then(
      (r) => live && setRaw(r),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [runId]);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!raw) return <Loading label="Loading raw output…" />;
  if (raw.streams.length === 0) return <p className="muted">This run stored no raw output.</p>;
  return (
    <>
      {raw.streams.map((s) => (
        <details key={s.stream} open={raw.streams.length === 1}>
          <summary>
            {s.stream} ({s.size} bytes{s.truncated ? ', showing the end' : ''})
          </summary>
          <pre className="log" tabIndex={0} aria-label={`Raw ${s.stream} of run ${runId}`}>
            {s.text}
          </pre>
        </details>
      ))}
    </>
  );
}

export function RunDetails({ run }: { run: RunInfo }) {
  const percent = useCampaigns((s) => s.runPercent[run.id]);
  const ended = ['done', 'failed', 'cancelled', 'interrupted'].includes(run.state);
  return (
    <div aria-label={`Run ${run.planIndex + 1}`} role="region">
      <h3>
        Run #{run.planIndex + 1}
        {run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}: {run.platform} · {run.benchmark}
      </h3>
      <p className="muted mono">
        {Object.entries(run.params)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`)
          .join(' ')}{' '}
        · on {run.endpoints.join(', ') || '—'}
        {run.jobId ? ` · job ${run.jobId}` : ''}
        {run.nodeList ? ` on nodes ${run.nodeList}` : ''}
        {percent !== undefined && run.state === 'running' ? ` · ${Math.round(percent)}% of its estimate` : ''}
      </p>
      {run.error && (
        <p className={run.state === 'failed' ? 'callout callout-bad' : 'callout'} role="alert" data-testid="run-error">
          <b>{run.state === 'failed' ? 'Why it failed:' : `Why it was ${run.state}:`}</b> {run.error}
        </p>
      )}
      <h3>Log</h3>
      <LogTail runId={run.id} />
      {ended && (
        <>
          <h3>Raw output</h3>
          <RawOutputView runId={run.id} />
        </>
      )}
    </div>
  );
}
