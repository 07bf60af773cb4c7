// Adaptive repetitions on the Runs page: how many repetitions each point took, how precise its ratio is, why it
// stopped (target reached, cap, a failure) and which values the MAD rule flagged (kept, with their raw output).
import { ADAPTIVE_STOP_WORDS, type AdaptivePoint } from '../../../../main/contract/campaigns.ts';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { formatDuration } from '../../components/format.ts';
import { Table } from '../../components/Table.tsx';

const TONE: Record<AdaptivePoint['state'], Tone> = { running: 'info', target: 'ok', difference: 'ok', cap: 'warn', failed: 'bad', ended: 'neutral' };

export function AdaptivePoints({ points, onRun }: { points: readonly AdaptivePoint[]; onRun(runId: number): void }) {
  const target = points[0]?.targetPct;
  return (
    <details open className="adaptive-points" data-testid="adaptive-points">
      <summary>
        <b>Repetitions per point</b> (adaptive: until the ratio's interval is within ±{target}%)
      </summary>
      <Table
        caption="Repetitions per point"
        rows={points}
        rowKey={(p) => p.label}
        columns={[
          { key: 'point', header: 'Point', cell: (p) => p.label },
          { key: 'reps', header: 'Repetitions', className: 'num', cell: (p) => p.repetitions },
          { key: 'warm', header: 'Warm-ups', className: 'num', cell: (p) => p.warmups },
          { key: 'width', header: 'Interval', className: 'num', cell: (p) => (p.widthPct === null ? 'not bounded' : `±${p.widthPct.toFixed(1)}%`) },
          { key: 'why', header: 'Stopped', cell: (p) => <Badge tone={TONE[p.state]}>{ADAPTIVE_STOP_WORDS[p.state]}</Badge> },
          {
            key: 'out',
            header: 'Outliers (kept)',
            cell: (p) =>
              p.outliers.length === 0
                ? '—'
                : p.outliers.map((o) => (
                    <button key={`${o.runId}:${o.metric}`} type="button" className="link" title={`${o.metric} = ${o.value}`} onClick={() => onRun(o.runId)}>
                      run {o.runId} ({o.platform})
                    </button>
                  )),
          },
          { key: 'time', header: 'Time', className: 'num', cell: (p) => formatDuration(p.seconds) },
        ]}
      />
    </details>
  );
}
