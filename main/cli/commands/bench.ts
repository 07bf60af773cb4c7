// `virtlab bench install|run <netperf|iozone|npb> --on <selector> [--peer <selector>] [--param k=v ...] [--yes]`:
// installs or runs a benchmark on stored hosts over SSH (host keys checked against <data>/known_hosts, strict),
// printing progress and the parsed result (JSON with --json).
import { createInterface } from 'node:readline/promises';
import { endpointOf } from '../../hosts/endpoint-of.ts';
import { selectHosts } from '../../hosts/selector.ts';
import { handRunner, handRunners } from '../../runner/hand-runners.ts';
import { installTools, type ShownPlan } from '../../runner/install/run.ts';
import type { BenchEndpoint } from '../../runner/remote.ts';
import type { BenchRunResult } from '../../runner/result.ts';
import { takeFlag, takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';

const USAGE = `virtlab bench install|run <${handRunners.map((r) => r.id).join('|')}> --on <selector> [--peer <selector>] [--param k=v ...]
       [--source <npb tarball or URL>] [--tarball <netperf/iozone source tarball>] [--yes] [--json]`;

/** k=v with v read as JSON when it parses (numbers, booleans, arrays), else as a string. */
export function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--param needs k=v, got ${JSON.stringify(p)}`);
    const k = p.slice(0, eq);
    const v = p.slice(eq + 1);
    try {
      out[k] = JSON.parse(v);
    } catch {
      out[k] = v.includes(',') ? v.split(',').map((x) => (/^-?\d+(\.\d+)?$/.test(x) ? Number(x) : x)) : v;
    }
  }
  return out;
}

function takeAll(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let v = takeOption(args, name); v !== undefined; v = takeOption(args, name)) out.push(v);
  return out;
}

export function formatPlan(p: ShownPlan): string {
  const lines = [`Install plan for ${p.endpoint} (${p.needsRoot ? 'needs root/sudo' : 'no root needed'}):`];
  if (p.addsPackageSource) lines.push(`  adds a package source: ${p.addsPackageSource}`);
  for (const u of p.uploads) lines.push(`  upload ${u.localPath} -> ${u.remotePath} (sha256 checked)`);
  for (const s of p.steps) lines.push(`  $ ${s.argv.join(' ')}${s.stdin ? `  <<< ${JSON.stringify(s.stdin.trim())}` : ''}   # ${s.why}`);
  for (const n of p.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function formatResult(r: BenchRunResult): string {
  const lines = [`${r.benchmark} on ${r.endpoints.join(', ')}: ${r.status}${r.error ? ` (${r.error})` : ''}`];
  for (const m of r.metrics)
    lines.push(
      `  ${m.name} ${Object.entries(m.point)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}: ${m.value} ${m.unit}`,
    );
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.verified !== undefined) lines.push(`  verification: ${r.verified ? 'SUCCESSFUL' : 'UNSUCCESSFUL'}`);
  return `${lines.join('\n')}\n`;
}

async function ask(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: `Install or run a benchmark (${handRunners.map((r) => r.id).join(', ')}) on hosts over SSH by hand.`,
  usage: USAGE,
  async run(argv, io) {
    const args = [...argv];
    const json = takeFlag(args, 'json');
    const yes = takeFlag(args, 'yes');
    const on = takeOption(args, 'on');
    const peerSel = takeOption(args, 'peer');
    const source = takeOption(args, 'source');
    const tarball = takeOption(args, 'tarball');
    let params: Record<string, unknown>;
    try {
      params = parseParams(takeAll(args, 'param'));
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 2;
    }
    const [action, bench, ...extra] = args;
    const runner = handRunner(bench ?? '');
    if (!['install', 'run'].includes(action ?? '') || !runner || !on || extra.length) {
      io.err(`usage: ${USAGE}\n`);
      return 2;
    }
    // Host keys strict against the data folder's known_hosts: `virtlab hosts check` is where a new key is accepted.
    const request = { terminal: { hostKeyPolicy: 'strict' as const } };
    const say = (m: string) => io.err(`${m}\n`);
    try {
      const { pool } = (await io.core(request)).context.ssh;
      const all = await (await io.client(request))['hosts.list']({});
      const toBench = (names: readonly { name: string; address: string; user: string }[]): BenchEndpoint[] =>
        names.map((h) => ({ name: h.name, host: pool.host(endpointOf(h.name, all)), address: h.address, user: h.user }));
      const targets = toBench(selectHosts(on, all));
      if (action === 'install') {
        const tool = runner.installs;
        if (!tool) {
          io.err(`${runner.installRefusal ?? `${runner.id} has nothing to install`}\n`);
          return 2;
        }
        for (const ep of targets) {
          const out = await installTools({
            endpoint: ep,
            tools: [tool],
            progress: say,
            ...(tarball ? { tarballs: { [tool]: tarball } } : {}),
            confirm: async (plan) => {
              io.err(formatPlan(plan));
              return yes || ask(io, 'Run this plan? [y/N] ');
            },
          });
          io.out(
            json
              ? `${JSON.stringify(out)}\n`
              : `${ep.name}: ${Object.entries(out.versions)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')}${out.ran ? '' : ' (already installed)'}\n`,
          );
        }
        return 0;
      }
      if (runner.needs.peer && !peerSel) {
        io.err(`${runner.needs.peer}\n`);
        return 2;
      }
      if (runner.needs.source && !source) {
        io.err(`${runner.needs.source}\n`);
        return 2;
      }
      const peer = peerSel ? toBench(selectHosts(peerSel, all))[0] : undefined;
      const src =
        source === undefined ? undefined : /^(https?|ftp):\/\//.test(source) ? { kind: 'url' as const, url: source } : { kind: 'file' as const, path: source };
      const result: BenchRunResult = await runner.run({ targets, params, progress: say, ...(peer ? { peer } : {}), ...(src ? { source: src } : {}) });
      io.out(json ? `${JSON.stringify(result)}\n` : formatResult(result));
      return result.status === 'ok' ? 0 : 1;
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
  },
};
