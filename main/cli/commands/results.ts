// `virtlab results compare|export|import`: the comparison table, and exchanging campaigns as bundles, CSV or JSON.
import { ContractError } from '../../contract/errors.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { formatComparison } from '../format-comparison.ts';

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
    try {
      const api = await io.client();
      if (sub === 'compare') {
        const id = /^\d+$/.test(target) ? Number(target) : (await api['campaigns.list']({})).find((c) => c.uuid === target)?.id;
        if (id === undefined) {
          io.err(`no campaign ${target}\n`);
          return 1;
        }
        const c = await api['results.compare']({ campaignId: id, ...(benchmark ? { benchmark } : {}), ...(metric ? { metric } : {}) });
        io.out(json ? `${JSON.stringify(c, null, 2)}\n` : `${formatComparison(c)}\n`);
        return 0;
      }
      if (sub === 'export') {
        const r = await api['results.export']({
          path: target,
          format: format as 'bundle' | 'csv' | 'json',
          ...(campaigns.length ? { campaignUuids: campaigns } : {}),
        });
        io.out(
          format === 'bundle'
            ? `${target}: ${r.campaigns} campaign(s), ${r.runs} runs, ${r.metrics} metric values, ${r.rawLogs} raw logs\n`
            : `${target}: ${r.metrics} metric values\n`,
        );
        return 0;
      }
      const r = await api['results.import']({ path: target });
      io.out(`${target}: ${r.added.length} campaign(s) added, ${r.alreadyPresent.length} already present, ${r.runs} runs, ${r.metrics} metric values\n`);
      return 0;
    } catch (e) {
      // A bundle the core refuses (results.import) is the caller's invalid input.
      const refused = e instanceof ContractError && e.code === 'invalid-input' && sub === 'import';
      io.err(`${refused ? 'refused: ' : ''}${(e as Error).message}\n`);
      return 1;
    }
  },
};
