// `virtlab results compare|export|import`: the comparison table, and exchanging campaigns as bundles, CSV or JSON.
import { databaseFile } from '../../config/data-dir.ts';
import { openDatabase } from '../../store/open-database.ts';
import { compareCampaign, formatComparison } from '../../campaigns/compare.ts';
import { exportBundle } from '../../campaigns/bundle/export.ts';
import { importBundle } from '../../campaigns/bundle/import.ts';
import { BundleError } from '../../campaigns/bundle/format.ts';
import { writeMetrics } from '../../campaigns/bundle/metrics-export.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand } from '../command.ts';

const USAGE = `virtlab results compare <campaign id|uuid> [--benchmark B] [--metric M] [--json]
       virtlab results export <file> [--campaign UUID]... [--format bundle|csv|json]
       virtlab results import <bundle>`;

export const resultsCommand: CliCommand = {
  name: 'results',
  summary: 'Compare platforms against the baseline; export or import results (bundle, CSV, JSON).',
  usage: USAGE,
  async run(argv, io) {
    const args = [...argv];
    const json = takeFlag(args, 'json');
    const benchmark = takeOption(args, 'benchmark');
    const metric = takeOption(args, 'metric');
    const format = takeOption(args, 'format') ?? 'bundle';
    const campaigns: string[] = [];
    for (let c = takeOption(args, 'campaign'); c !== undefined; c = takeOption(args, 'campaign')) campaigns.push(c);
    const [sub, target, ...extra] = args;
    if (!sub || !target || extra.length || !['compare', 'export', 'import'].includes(sub) || !['bundle', 'csv', 'json'].includes(format)) {
      io.err(`usage: ${USAGE}\n`);
      return 2;
    }
    const db = openDatabase({ path: databaseFile(io.dataDir) });
    try {
      if (sub === 'compare') {
        const row = (/^\d+$/.test(target) ? db.prepare('SELECT id FROM campaigns WHERE id = ?').get(Number(target)) : db.prepare('SELECT id FROM campaigns WHERE uuid = ?').get(target)) as { id: number } | undefined;
        if (!row) { io.err(`no campaign ${target}\n`); return 1; }
        const c = compareCampaign(db, row.id, { ...(benchmark ? { benchmark } : {}), ...(metric ? { metric } : {}) });
        io.out(json ? `${JSON.stringify(c, null, 2)}\n` : `${formatComparison(c)}\n`);
        return 0;
      }
      if (sub === 'export') {
        const only = campaigns.length ? campaigns : undefined;
        if (format === 'bundle') {
          const r = exportBundle(db, target, only);
          io.out(`${target}: ${r.campaigns} campaign(s), ${r.runs} runs, ${r.metrics} metric values, ${r.rawLogs} raw logs\n`);
        } else {
          const n = writeMetrics(db, target, format as 'csv' | 'json', only);
          io.out(`${target}: ${n} metric values\n`);
        }
        return 0;
      }
      const r = importBundle(db, target);
      io.out(`${target}: ${r.added.length} campaign(s) added, ${r.alreadyPresent.length} already present, ${r.runs} runs, ${r.metrics} metric values\n`);
      return 0;
    } catch (e) {
      io.err(`${e instanceof BundleError ? 'refused: ' : ''}${(e as Error).message}\n`);
      return 1;
    } finally {
      db.close();
    }
  },
};
