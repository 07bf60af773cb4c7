// `virtlab report pdf|csv <campaign>`: the same report as the Reports page, printed by a local Chromium or as CSV files.
import { REPORT_SECTIONS, type ReportSectionId } from '../../contract/results.ts';
import { takeOption } from '../args.ts';
import type { CliCommand } from '../command.ts';

const USAGE =
  'virtlab report pdf <campaign> -o file.pdf | virtlab report csv <campaign> -o dir [--sections lab,method,...] [--absolute] [--baseline P] [--db file | --bundle file]';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "Write a campaign's report as PDF (printed by Chromium) or its tables as CSV files.",
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
    const h = await io.client();
    try {
      if (dbPath) await h['results.openDatabase']({ path: dbPath });
      if (bundlePath) await h['results.openBundle']({ path: bundlePath });
      const request = {
        campaignId,
        mode: absolute ? ('absolute' as const) : ('relative' as const),
        ...(baseline ? { baseline } : {}),
        ...(sections ? { sections: sections as ReportSectionId[] } : {}),
      };
      if (kind === 'csv') {
        const out = await h['reports.exportCsv']({ ...request, dir: output });
        io.out(`${out.files.length} CSV file(s) written to ${out.dir}\n`);
      } else {
        const report = await h['reports.render'](request);
        const out = await h['reports.exportPdf']({ ...request, path: output });
        io.out(`Report of campaign ${campaignId} (${report.sections.length} sections) written to ${out.path} (${out.bytes} bytes)\n`);
      }
      return 0;
    } catch (error) {
      io.err(`${(error as Error).message}\n`);
      return 1;
    }
  },
};
