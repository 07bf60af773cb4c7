// Handlers of the report procedures: the report model, its CSV tables and its PDF printed by a local Chromium.
import { mkdirSync } from 'node:fs';
import { ensurePrivateDir } from '../../config/private-files.ts';
import { dirname, join } from 'node:path';
import { reportQuery } from '../../reports/print-url.ts';
import type { Handlers } from '../../contract/procedures.ts';
import type { ReportModel, ReportRequest } from '../../contract/results.ts';
import type { CoreContext } from '../context.ts';
import { loadCampaignData } from '../../reports/figures.ts';
import { buildReport } from '../../reports/model.ts';
import { writeReportCsv } from '../../reports/csv.ts';
import { describeSource, resultsDb } from '../../reports/source.ts';
import { ContractError } from '../../contract/errors.ts';
import { withCampaign } from './results.ts';

export function renderReport(ctx: CoreContext, request: ReportRequest): ReportModel {
  const { campaignId, baseline, platforms, sections, mode = 'relative' } = request;
  return withCampaign(ctx, campaignId, () => {
    const db = resultsDb(ctx);
    return buildReport({ db, campaignId, data: loadCampaignData(db, campaignId, { baseline, platforms }), mode, source: describeSource(ctx), sections });
  });
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** The data folder's reports folder, owner-only like the rest of the data folder. */
function reportsDir(ctx: CoreContext): string {
  const dir = join(ctx.dataDir, 'reports');
  ensurePrivateDir(dir);
  return dir;
}

export function reportsHandlers(ctx: CoreContext): Pick<Handlers, 'reports.render' | 'reports.exportPdf' | 'reports.exportCsv'> {
  return {
    'reports.render': async (request) => renderReport(ctx, request),
    'reports.exportCsv': async ({ dir, ...request }) => {
      const report = renderReport(ctx, request);
      return writeReportCsv(report, dir ?? join(reportsDir(ctx), `campaign-${request.campaignId}-${stamp()}-csv`));
    },
    'reports.exportPdf': async ({ path, ...request }) => {
      renderReport(ctx, request); // refuse an unknown campaign before starting a browser
      const out = path ?? join(reportsDir(ctx), `campaign-${request.campaignId}-${stamp()}.pdf`);
      // Electron prints with its own printToPDF, headless cores with a local Chromium: both injected where composed.
      if (!ctx.printPdf) throw new ContractError('failed', 'This VirtLab was started without a PDF printer.');
      mkdirSync(dirname(out), { recursive: true });
      return ctx.printPdf(reportQuery(request), out);
    },
  };
}
