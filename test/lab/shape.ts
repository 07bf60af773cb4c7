// Rate limits with tc tbf on both ends of a link (this kernel has no netem: no delay or loss emulation).
import { run, tryRun } from './exec.ts';

export interface LinkEnd {
  ns?: string;
  dev: string;
}

/** Parses "100mbit", "1gbit", "500kbit" to bits per second. */
export function rateBits(rate: string): number {
  const m = /^(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit)$/i.exec(rate.trim());
  if (!m) throw new Error(`bad rate ${rate}: use e.g. 100mbit`);
  const mult = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 }[m[2]!.toLowerCase() as 'bit'];
  return Number(m[1]) * mult;
}

const ns = (e: LinkEnd): string[] => (e.ns ? ['-n', e.ns] : []);

export async function shapeEnds(ends: LinkEnd[], rate: string): Promise<void> {
  const bits = rateBits(rate);
  // The bucket must hold at least one timer tick of traffic (HZ can be 100), and a full GSO packet.
  const burst = Math.max(Math.ceil(bits / 8 / 100), 128 * 1024);
  for (const e of ends) {
    await run('tc', [...ns(e), 'qdisc', 'replace', 'dev', e.dev, 'root', 'tbf', 'rate', `${bits}bit`, 'burst', String(burst), 'latency', '50ms']);
  }
}

export async function unshapeEnds(ends: LinkEnd[]): Promise<void> {
  for (const e of ends) await tryRun('tc', [...ns(e), 'qdisc', 'del', 'dev', e.dev, 'root']);
}
