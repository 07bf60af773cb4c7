// netperf/netserver argv arrays (never shell strings); the SSH layer quotes them.
import type { NetperfParams } from './params.ts';
import type { NetperfPoint } from './sweep.ts';
import { defaultRrSelectors, defaultStreamSelectors } from './selectors.ts';

/** Host names/addresses as netperf takes them; a leading '-' would be read as an option. */
const HOST = /^[A-Za-z0-9_.:%[\]][A-Za-z0-9_.:%[\]-]*$/;

function checkHost(host: string): string {
  if (!HOST.test(host)) throw new Error(`not a host name or address: ${JSON.stringify(host)}`);
  return host;
}

export function netperfSelectors(p: Pick<NetperfParams, 'test'>): readonly string[] {
  return p.test === 'TCP_RR' ? defaultRrSelectors : defaultStreamSelectors;
}

/** One netperf client run against `host` for one message size (undefined: netperf's default send size). */
export function netperfClientArgv(p: NetperfParams, host: string, messageSize?: number): string[] {
  const argv = ['netperf', '-H', checkHost(host), '-p', String(p.controlPort), '-t', p.test, '-l', String(p.durationSec)];
  if (p.confidence) {
    const c = p.confidence;
    argv.push('-I', `${c.level},${c.widthPercent}`, '-i', `${c.maxIterations},${c.minIterations}`);
  }
  if (p.test === 'TCP_RR' && p.latencyStats) argv.push('-j');
  if (!p.headers) argv.push('-P', '0');
  argv.push('--');
  if (p.test === 'TCP_RR') {
    const s = messageSize ?? 1;
    argv.push('-r', `${s},${s}`);
  } else if (messageSize !== undefined) {
    argv.push('-m', String(messageSize));
  }
  argv.push('-o', netperfSelectors(p).join(','));
  if (p.dataPort !== undefined) argv.push('-P', `${p.dataPort},${p.dataPort}`);
  return argv;
}

/** The campaign run of one point: what a person would type, with -j latency statistics and the -o selectors. */
export function netperfPointArgv(p: NetperfPoint, host: string, controlPort: number, dataPort?: number): string[] {
  const argv = ['netperf', '-H', checkHost(host), '-p', String(controlPort), '-t', p.test, '-l', String(p.durationSec)];
  if (p.test === 'TCP_RR') argv.push('-j');
  argv.push('--');
  if (p.test === 'TCP_RR') argv.push('-r', `${p.messageSize ?? 1},${p.messageSize ?? 1}`);
  else if (p.messageSize !== undefined) argv.push('-m', String(p.messageSize));
  argv.push('-o', netperfSelectors(p).join(','));
  // A server behind fixed (published) ports: its data connection must listen on one of them too (remote side only:
  // a fixed local port would be in TIME_WAIT for the next run).
  if (dataPort !== undefined) argv.push('-P', `,${dataPort}`);
  return argv;
}

export interface NetperfRun {
  point: { test: string; messageSize?: number };
  argv: string[];
}

/** Every client run of the sweep, in order. */
export function netperfSweep(p: NetperfParams, host: string): NetperfRun[] {
  if (p.messageSizes.length === 0) {
    if (p.test === 'TCP_RR') throw new Error('TCP_RR needs at least one message size');
    return [{ point: { test: p.test }, argv: netperfClientArgv(p, host) }];
  }
  return p.messageSizes.map((messageSize) => ({ point: { test: p.test, messageSize }, argv: netperfClientArgv(p, host, messageSize) }));
}

/** netserver in the foreground (-D) so the runner owns its pid and can stop exactly that process. */
export function netserverArgv(p: Pick<NetperfParams, 'controlPort'>, listenAddress?: string): string[] {
  const argv = ['netserver', '-p', String(p.controlPort), '-D'];
  if (listenAddress !== undefined) argv.push('-L', checkHost(listenAddress));
  return argv;
}

export const netperfVersionArgv = ['netperf', '-V'] as const;
