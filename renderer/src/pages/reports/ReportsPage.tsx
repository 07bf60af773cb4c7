// Reports: choose a campaign and sections, preview the report, export it as PDF (printed by the core's Chromium or
// by Electron) and its tables as CSV (files written by the core, or downloaded here).
import { useEffect } from 'react';
import { REPORT_SECTIONS, tableToCsv, type ReportSectionId } from '../../../../main/contract/results.ts';
import { useResults } from '../../stores/results-store.ts';
import { useReports } from '../../stores/reports-store.ts';
import { download } from '../../charts/export.ts';
import { ReportDocument } from './ReportDocument.tsx';

/** Labels of the fixed sections and the paper's figures; a benchmark module's other figures show their id. */
const SECTION_LABELS: Partial<Record<ReportSectionId, string>> = {
  summary: 'Summary',
  lab: 'Lab and hardware (appendix)',
  method: 'Method (appendix)',
  fig1a: 'Fig. 1a latency',
  fig1b: 'Fig. 1b bandwidth',
  fig2: 'Fig. 2 IOzone',
  fig3: 'Fig. 3 NPB serial/OpenMP',
  fig4: 'Fig. 4 NPB MPI',
  failures: 'Failures and anomalies',
  environment: 'Environment appendix',
};

export function ReportsPage() {
  const campaigns = useResults((s) => s.campaigns);
  const source = useResults((s) => s.source);
  const { campaignId, sections, mode, report, busy, error, exported, setCampaign, toggleSection, setMode, preview, exportPdf, exportCsv } = useReports();
  useEffect(() => {
    if (useResults.getState().campaignsState === 'idle') void useResults.getState().loadCampaigns();
  }, []);
  useEffect(() => {
    if (campaignId === undefined && campaigns[0]) setCampaign(useResults.getState().campaignId ?? campaigns[0].id);
  }, [campaigns, campaignId, setCampaign]);

  const downloadCsv = () => {
    for (const s of report?.sections ?? []) {
      for (const t of s.tables) download(URL.createObjectURL(new Blob([tableToCsv(t)], { type: 'text/csv' })), `${t.id}.csv`);
    }
  };

  return (
    <section aria-labelledby="page-title" className="reports">
      <h1 id="page-title">Reports</h1>
      {source && source.kind !== 'live' && (
        <p className="muted">
          Reviewing {source.kind} {source.path} (read-only).
        </p>
      )}
      {campaigns.length === 0 && (
        <p role="status" className="muted">
          No campaign to report on yet.
        </p>
      )}
      {campaigns.length > 0 && (
        <form
          className="report-controls"
          onSubmit={(e) => {
            e.preventDefault();
            void preview();
          }}
        >
          <label>
            Campaign{' '}
            <select value={campaignId ?? ''} onChange={(e) => setCampaign(Number(e.target.value))}>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  #{c.id} {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Values{' '}
            <select value={mode} onChange={(e) => setMode(e.target.value === 'absolute' ? 'absolute' : 'relative')}>
              <option value="relative">Relative to baseline</option>
              <option value="absolute">Absolute</option>
            </select>
          </label>
          <fieldset>
            <legend>Sections</legend>
            {REPORT_SECTIONS.map((id) => (
              <label key={id}>
                <input type="checkbox" checked={sections.has(id)} onChange={() => toggleSection(id)} /> {SECTION_LABELS[id] ?? `Figure ${id}`}
              </label>
            ))}
          </fieldset>
          <div className="report-actions">
            <button type="submit" disabled={busy !== undefined}>
              Preview
            </button>
            <button type="button" disabled={busy !== undefined} onClick={() => void exportPdf()}>
              Export PDF
            </button>
            <button type="button" disabled={busy !== undefined} onClick={() => void exportCsv()}>
              Save CSV files
            </button>
            <button type="button" disabled={!report} onClick={downloadCsv}>
              Download CSV
            </button>
          </div>
        </form>
      )}
      {busy && <p role="status">{busy === 'pdf' ? 'Printing PDF…' : busy === 'csv' ? 'Writing CSV files…' : 'Rendering preview…'}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {exported && (
        <div role="status" data-testid="report-exported">
          {exported.kind === 'pdf' ? 'PDF written to ' : 'CSV files written: '}
          <ul>
            {exported.paths.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {report && (
        <div className="report-preview">
          <ReportDocument report={report} />
        </div>
      )}
    </section>
  );
}
