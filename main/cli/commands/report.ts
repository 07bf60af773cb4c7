// `virtlab report pdf|csv <campaign>`: the same report as the Reports page, printed by a local Chromium or as CSV files.
import { startCore } from '../../core/core.ts';
import { renderReport } from '../../core/handlers/reports.ts';
import { printReportPdf } from '../../reports/pdf.ts';
import { writeReportCsv } from '../../reports/csv.ts';
import { openBundleSource, openDatabaseSource } from '../../reports/source.ts';
import { REPORT_SECTIONS, type ReportSectionId } from '../../contract/results.ts';
import { takeOption } from '../args.ts';
import type { CliCommand } from '../command.ts';

const USAGE = 'virtlab report pdf <campaign> -o file.pdf | virtlab report csv <campaign> -o dir [--sections lab,method,...] [--absolute] [--baseline P] [--db file | --bundle file]';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Write a campaign\'s report as PDF (printed by Chromium) or its tables as CSV files.',
  usage: USAGE,
  async run(args, io) {
    const short = args.indexOf('-o');
    const output = short >= 0 ? args.splice(short, 2)[1] : takeOption(args, 'output');
    const sectionsText = takeOption(args, 'sections');
    const baseline = takeOption(args, 'baseline');
    const dbPath = takeOption(args, 'db');
    const bundlePath = takeOption(args, 'bundle');
    const absolute = args.includes('--absolute');
    const [kind, campaignText] = args.filter((a) => !a.startsWith('--'));
    const campaignId = Number(campaignText);
    if ((kind !== 'pdf' && kind !== 'csv') || !Number.isInteger(campaignId) || campaignId < 1 || !output) {
      io.err(`usage: ${USAGE}\n`);
      return 2;
    }
    const sections = sectionsText?.split(',').filter(Boolean);
    const unknown = sections?.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s)) ?? [];
    if (unknown.length) {
      io.err(`unknown section(s) ${unknown.join(', ')}; known: ${REPORT_SECTIONS.join(', ')}\n`);
      return 2;
    }
    const core = startCore({ dataDir: io.dataDir, host: 'bridge' });
    try {
      if (dbPath) openDatabaseSource(core.context, dbPath);
      if (bundlePath) openBundleSource(core.context, bundlePath);
      const request = { campaignId, mode: absolute ? ('absolute' as const) : ('relative' as const), ...(baseline ? { baseline } : {}),
        ...(sections ? { sections: sections as ReportSectionId[] } : {}) };
      const report = renderReport(core.context, request);
      if (kind === 'csv') {
        const out = writeReportCsv(report, output);
        io.out(`${out.files.length} CSV file(s) written to ${out.dir}\n`);
      } else {
        const out = await printReportPdf(core, request, output);
        io.out(`Report of campaign ${campaignId} (${report.sections.length} sections) written to ${out.path} (${out.bytes} bytes)\n`);
      }
      return 0;
    } catch (error) {
      io.err(`${(error as Error).message}\n`);
      return 1;
    } finally {
      core.close();
    }
  },
};
