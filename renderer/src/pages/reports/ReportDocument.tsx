// The report itself, one page a section: used by the preview and by the print view the PDF is made from.
// Figures are drawn with ECharts' SVG renderer so a printed PDF keeps them as vectors.
import { useMemo } from 'react';
import type { ReportModel, ReportSection, Table } from '../../../../main/contract/results.ts';
import { EChart } from '../../charts/EChart.tsx';
import { buildPanelOption } from '../../charts/figure-option.ts';
import { fmt } from '../../charts/format.ts';
import './report.css';

function TableView({ table }: { table: Table }) {
  return (
    <table className="report-table" data-testid={`table-${table.id}`}>
      <caption>{table.title}</caption>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.length === 0 && (
          <tr>
            <td colSpan={table.columns.length} className="muted">
              none
            </td>
          </tr>
        )}
        {table.rows.map((row, i) => (
          <tr key={i}>
            {row.map((v, j) => (
              <td key={j} className={typeof v === 'number' ? 'num' : undefined}>
                {typeof v === 'number' ? fmt(v, 6) : v === null ? '' : String(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SectionView({ section, report, anchor, onFinished }: { section: ReportSection; report: ReportModel; anchor: string; onFinished: () => void }) {
  const platforms = useMemo(() => report.campaign.platforms, [report]);
  const options = useMemo(
    () => section.figure?.panels.map((p) => buildPanelOption(p, { baseline: report.baseline, platforms, interactive: false })) ?? [],
    [section, report, platforms],
  );
  return (
    <section className="report-page" aria-labelledby={anchor} data-testid={`report-section-${section.id}`}>
      <h2 id={anchor}>{section.title}</h2>
      {section.paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {section.figure && (
        <div className="report-figures">
          {section.figure.panels.map((panel, i) => (
            <EChart key={panel.id} option={options[i]!} label={`${section.title}: ${panel.title}`} renderer="svg" height={300} onFinished={onFinished} />
          ))}
        </div>
      )}
      {section.tables.map((t) => (
        <TableView key={t.id} table={t} />
      ))}
    </section>
  );
}

export function ReportDocument({ report, onChartFinished }: { report: ReportModel; onChartFinished?: () => void }) {
  const done = onChartFinished ?? (() => undefined);
  return (
    <article className="report" data-testid="report-document">
      <header className="report-cover">
        <h1>{report.title}</h1>
        <p>
          Campaign #{report.campaign.id} ({report.campaign.state}) of scenario {report.campaign.scenario} v{report.campaign.scenarioVersion};{' '}
          {report.campaign.runs.done} of {report.campaign.runs.total} runs finished, {report.campaign.runs.failed} failed. Values{' '}
          {report.mode === 'relative' ? `relative to ${report.baseline}` : 'absolute'}. Generated {report.generatedAt} from{' '}
          {report.source.kind === 'live' ? 'the live database' : `${report.source.kind} ${report.source.path}`}.
        </p>
      </header>
      {/* The summary has a page per platform: the same section id more than once. */}
      {report.sections.map((s, i) => (
        <SectionView key={`${s.id}-${i}`} anchor={`report-${s.id}-${i}`} section={s} report={report} onFinished={done} />
      ))}
    </article>
  );
}
