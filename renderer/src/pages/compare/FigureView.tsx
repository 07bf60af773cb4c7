// One of the paper's figures: its panels as charts, and next to them the failures (with reasons) and what was not compared.
// Options depend on the dataset only; hidden platforms go to the charts as legend state and filter the numbers tables.
import { memo, useMemo } from 'react';
import type { FigureDataset } from '../../../../main/contract/results.ts';
import { useResults } from '../../stores/results-store.ts';
import { EChart } from '../../charts/EChart.tsx';
import { buildPanelOption } from '../../charts/figure-option.ts';
import { fmt } from '../../charts/format.ts';

interface Props {
  figure: FigureDataset;
  baseline: string;
  platforms: readonly string[];
  onLegendChange?: (platform: string, shown: boolean) => void;
}

export const FigureView = memo(function FigureView({ figure, baseline, platforms, onLegendChange }: Props) {
  const hidden = useResults((s) => s.hidden);
  const options = useMemo(() => figure.panels.map((panel) => buildPanelOption(panel, { baseline, platforms })), [figure, baseline, platforms]);
  // The page draws a figure only with measurements (drawn-figures.ts); a panel without any is left out there.
  const empty = figure.panels.length === 0;
  return (
    <section className="figure" aria-labelledby={`${figure.id}-title`} data-testid={`figure-${figure.id}`}>
      <h2 id={`${figure.id}-title`}>
        {figure.title} <span className="muted">({figure.id.replace('fig', 'Fig. ')})</span>
      </h2>
      {figure.notes?.map((n) => (
        <p key={n} className="figure-note" role="note">
          {n}
        </p>
      ))}
      <div className="figure-body">
        <div className="panels">
          {empty && <p className="muted">No measurements for this figure in this campaign.</p>}
          {!empty &&
            figure.panels.map((panel, i) => (
              <EChart
                key={panel.id}
                option={options[i]!}
                hidden={hidden}
                onLegendChange={onLegendChange}
                label={`${figure.title}: ${panel.title}`}
                exportName={`${figure.id}-${panel.id}`}
                testId={`chart-${figure.id}-${panel.id}`}
              />
            ))}
        </div>
        {(figure.failures.length > 0 || figure.missing.length > 0) && (
          <aside className="failures" aria-label={`${figure.title}: failures`}>
            {figure.failures.length > 0 && <h3>Failed</h3>}
            <ul>
              {figure.failures.map((f) => (
                <li key={`${f.platform}-${f.benchmark}-${f.x}-${f.nodeCount}`}>
                  <strong>{f.platform}</strong> {f.benchmark} {f.x}
                  {f.nodeCount > 1 ? ` on ${f.nodeCount} nodes` : ''}: {f.state}, {f.reason}
                </li>
              ))}
            </ul>
            {figure.missing.length > 0 && <h3>Not compared</h3>}
            <ul>
              {figure.missing.map((m, i) => (
                <li key={i}>
                  {m.platform} {m.metric} {m.point}: {m.reason}
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
      {!empty && (
        <details className="numbers">
          <summary>Numbers behind {figure.id.replace('fig', 'Fig. ')}</summary>
          {figure.panels.map((panel) => (
            <table key={panel.id} className="report-table" data-testid={`numbers-${figure.id}-${panel.id}`}>
              <caption>
                {panel.title} ({panel.yLabel})
              </caption>
              <thead>
                <tr>
                  <th scope="col">platform</th>
                  <th scope="col">{panel.xLabel}</th>
                  <th scope="col">n</th>
                  <th scope="col">mean</th>
                  <th scope="col">95% CI</th>
                  <th scope="col">p</th>
                </tr>
              </thead>
              <tbody>
                {panel.series
                  .filter((s) => !hidden.has(s.platform))
                  .flatMap((s) =>
                    s.points.map((p) => (
                      <tr key={`${s.platform}-${p.x}`}>
                        <td>{s.platform}</td>
                        <td>{p.x}</td>
                        <td>{p.n}</td>
                        <td>{fmt(p.mean)}</td>
                        <td>{p.ci ? `${fmt(p.ci.low)} – ${fmt(p.ci.high)}` : '–'}</td>
                        <td>{p.p === undefined || p.p === null ? '' : `${fmt(p.p, 2)}${p.significant ? ' *' : ''}`}</td>
                      </tr>
                    )),
                  )}
              </tbody>
            </table>
          ))}
        </details>
      )}
    </section>
  );
});
