// Compare: the overview heatmap, the paper's figures (1a, 1b, 2, 3, 4) and run-to-run spread of a campaign, live or
// from a database/bundle opened for offline review.
import { useEffect, useMemo } from 'react';
import { useResults } from '../../stores/results-store.ts';
import { EChart } from '../../charts/EChart.tsx';
import { buildHeatmapOption } from '../../charts/heatmap-option.ts';
import { buildBoxplotOption } from '../../charts/boxplot-option.ts';
import { Controls } from './Controls.tsx';
import { FigureView } from './FigureView.tsx';
import { SourceBar } from './SourceBar.tsx';
import './compare.css';

function Spread() {
  const spread = useResults((s) => s.spread);
  const chosen = useResults((s) => s.spreadMetric);
  const figures = useResults((s) => s.figures);
  const hidden = useResults((s) => s.hidden);
  const option = useMemo(() => spread && figures
    ? buildBoxplotOption(spread.groups, { baseline: figures.baseline, platforms: figures.platforms.map((p) => p.name), hidden })
    : undefined, [spread, figures, hidden]);
  if (!spread || !option) return null;
  const key = chosen ? `${chosen.benchmark}\u0000${chosen.metric}` : '';
  return (
    <section className="figure" aria-labelledby="spread-title" data-testid="figure-spread">
      <h2 id="spread-title">Run-to-run spread</h2>
      <label>
        Metric{' '}
        <select value={key} onChange={(e) => { const [b, m] = e.target.value.split('\u0000'); void useResults.getState().selectSpread(b!, m!); }}>
          {spread.metrics.map((m) => <option key={`${m.benchmark}-${m.metric}`} value={`${m.benchmark}\u0000${m.metric}`}>{m.benchmark} {m.metric} ({m.unit})</option>)}
        </select>
      </label>
      <EChart option={option} label="Run-to-run spread" exportName="spread" testId="chart-spread" />
    </section>
  );
}

export function ComparePage() {
  const { campaignsState, campaigns, state, error, figures, overview, hidden } = useResults();
  useEffect(() => { void useResults.getState().loadCampaigns(); }, []);
  const platformNames = useMemo(() => figures?.platforms.map((p) => p.name) ?? [], [figures]);
  const heatmap = useMemo(() => (overview ? buildHeatmapOption(overview) : undefined), [overview]);

  return (
    <section aria-labelledby="page-title" className="compare">
      <h1 id="page-title">Compare</h1>
      <SourceBar />
      {campaignsState === 'loading' && <p role="status">Loading campaigns…</p>}
      {campaignsState === 'ready' && campaigns.length === 0 && (
        <p role="status" className="muted" data-testid="compare-empty">No campaign in this results source yet. Run one from Scenarios, or open a database or bundle above.</p>
      )}
      {error && <p role="alert" className="error" data-testid="compare-error">{error}</p>}
      {campaigns.length > 0 && <Controls />}
      {state === 'loading' && <p role="status">Computing figures…</p>}
      {figures && (
        <div className="figures" aria-busy={state === 'loading'}>
          {heatmap && overview && overview.cells.length > 0 && (
            <section className="figure" aria-labelledby="overview-title" data-testid="figure-overview">
              <h2 id="overview-title">Overview</h2>
              <EChart option={heatmap} label="Overhead per platform and benchmark" height={80 + 46 * overview.platforms.length + 80} exportName="overview" testId="chart-overview" />
            </section>
          )}
          {figures.figures.map((f) => (
            <FigureView key={f.id} figure={f} baseline={figures.baseline} platforms={platformNames} hidden={hidden} />
          ))}
          <Spread />
        </div>
      )}
    </section>
  );
}
