// Compare: the overview heatmap, the paper's figures (1a, 1b, 2, 3, 4) and run-to-run spread of a campaign, live or
// from a database/bundle opened for offline review.
// Each part subscribes to the store slices it draws, and options are memoized on datasets only: a platform toggle
// re-renders the numbers tables and hands `hidden` to the charts, which apply it as a legend action.
import { memo, useEffect, useMemo } from 'react';
import { useResults } from '../../stores/results-store.ts';
import { EChart } from '../../charts/EChart.tsx';
import { buildHeatmapOption } from '../../charts/heatmap-option.ts';
import { buildBoxplotOption } from '../../charts/boxplot-option.ts';
import { Controls } from './Controls.tsx';
import { FigureView } from './FigureView.tsx';
import { SourceBar } from './SourceBar.tsx';
import { drawnFigures, type FigureWithoutData } from './drawn-figures.ts';
import './compare.css';

const EMPTY: readonly string[] = [];
const setPlatformShown = (name: string, shown: boolean) => useResults.getState().setPlatformShown(name, shown);

function usePlatformNames(): readonly string[] {
  const figures = useResults((s) => s.figures);
  return useMemo(() => figures?.platforms.map((p) => p.name) ?? EMPTY, [figures]);
}

const Spread = memo(function Spread() {
  const spread = useResults((s) => s.spread);
  const chosen = useResults((s) => s.spreadMetric);
  const baseline = useResults((s) => s.figures?.baseline);
  const hidden = useResults((s) => s.hidden);
  const platforms = usePlatformNames();
  const option = useMemo(
    () => (spread && baseline !== undefined ? buildBoxplotOption(spread.groups, { baseline, platforms }) : undefined),
    [spread, baseline, platforms],
  );
  if (!spread || !option) return null;
  const key = chosen ? `${chosen.benchmark}\u0000${chosen.metric}` : '';
  return (
    <section className="figure" aria-labelledby="spread-title" data-testid="figure-spread">
      <h2 id="spread-title">Run-to-run spread</h2>
      <label>
        Metric{' '}
        <select
          value={key}
          onChange={(e) => {
            const [b, m] = e.target.value.split('\u0000');
            void useResults.getState().selectSpread(b!, m!);
          }}
        >
          {spread.metrics.map((m) => (
            <option key={`${m.benchmark}-${m.metric}`} value={`${m.benchmark}\u0000${m.metric}`}>
              {m.benchmark} {m.metric} ({m.unit})
            </option>
          ))}
        </select>
      </label>
      <EChart option={option} hidden={hidden} onLegendChange={setPlatformShown} label="Run-to-run spread" exportName="spread" testId="chart-spread" />
    </section>
  );
});

const heatmapHeight = (platforms: number) => 80 + 46 * platforms + 80;

const Overview = memo(function Overview() {
  const overview = useResults((s) => s.overview);
  // Until the overview arrives (just after the figures), hold its place so the figures below do not jump.
  const others = useResults((s) => (s.figures ? s.figures.platforms.length - 1 : 0));
  const heatmap = useMemo(() => (overview ? buildHeatmapOption(overview) : undefined), [overview]);
  if (!overview) {
    return others > 0 ? (
      <section className="figure" aria-labelledby="overview-title" aria-busy="true">
        <h2 id="overview-title">Overview</h2>
        <div className="chart-placeholder" style={{ height: heatmapHeight(others) + 26 }} />
      </section>
    ) : null;
  }
  if (!heatmap || overview.cells.length === 0) return null;
  return (
    <section className="figure" aria-labelledby="overview-title" data-testid="figure-overview">
      <h2 id="overview-title">Overview</h2>
      <EChart
        option={heatmap}
        label="Overhead per platform and benchmark"
        height={heatmapHeight(overview.platforms.length)}
        exportName="overview"
        testId="chart-overview"
      />
    </section>
  );
});

const Figures = memo(function Figures() {
  const figures = useResults((s) => s.figures);
  const loading = useResults((s) => s.state === 'loading');
  const platforms = usePlatformNames();
  const shown = useMemo(() => (figures ? drawnFigures(figures.figures) : undefined), [figures]);
  if (!figures || !shown) return null;
  return (
    <div className="figures" aria-busy={loading}>
      <Overview />
      {shown.drawn.map((f) => (
        <FigureView key={f.id} figure={f} baseline={figures.baseline} platforms={platforms} onLegendChange={setPlatformShown} />
      ))}
      <WithoutData figures={shown.withoutData} />
      <Spread />
    </div>
  );
});

/** Figures whose runs gave no measurement: named once with why, instead of an empty frame each. */
function WithoutData({ figures }: { figures: readonly FigureWithoutData[] }) {
  if (figures.length === 0) return null;
  return (
    <section className="figure" aria-labelledby="without-data-title" data-testid="figures-without-data">
      <h2 id="without-data-title">No measurements</h2>
      <ul>
        {figures.map((f) => (
          <li key={f.id}>
            <strong>{f.title}</strong> <span className="muted">({f.id.replace('fig', 'Fig. ')})</span>:
            {f.failures > 0 && (
              <>
                {' '}
                {f.failures} failed ({f.reasons.join('; ')})
              </>
            )}
            {f.notCompared > 0 && (
              <>
                {f.failures > 0 ? ',' : ''} {f.notCompared} not compared
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ComparePage() {
  const campaignsState = useResults((s) => s.campaignsState);
  const hasCampaigns = useResults((s) => s.campaigns.length > 0);
  const state = useResults((s) => s.state);
  const error = useResults((s) => s.error);
  // The first datasets may arrive before the campaign list: the controls are shown with them, so nothing moves when it
  // arrives.
  const hasFigures = useResults((s) => s.figures !== undefined);
  useEffect(() => {
    void useResults.getState().loadCampaigns();
  }, []);

  return (
    <section aria-labelledby="page-title" className="compare">
      <h1 id="page-title">Compare</h1>
      <SourceBar />
      {campaignsState === 'loading' && !hasFigures && <p role="status">Loading campaigns…</p>}
      {campaignsState === 'ready' && !hasCampaigns && (
        <p role="status" className="muted" data-testid="compare-empty">
          No campaign in this results source yet. Run one from Scenarios, or open a database or bundle above.
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="compare-error">
          {error}
        </p>
      )}
      {(hasCampaigns || hasFigures) && <Controls />}
      {state === 'loading' && <p role="status">Computing figures…</p>}
      <Figures />
    </section>
  );
}
