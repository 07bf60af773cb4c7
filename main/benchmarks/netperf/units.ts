// netperf throughput units (THROUGHPUT_UNITS or the classic header word) converted to Mbit/s.

const BITS = /^10\^(\d+)bits\/s(?:ec)?$/;
const BYTES: Record<string, number> = { Bytes: 1, KBytes: 1024, MBytes: 1024 ** 2, GBytes: 1024 ** 3 };

/** Factor that turns a value in `unit` into 10^6 bits per second, or undefined for a unit netperf did not mean as bandwidth. */
export function toMbitFactor(unit: string): number | undefined {
  const bits = BITS.exec(unit);
  if (bits) return 10 ** (Number(bits[1]) - 6);
  const bytes = /^(\w+)\/s(?:ec)?$/.exec(unit);
  const scale = bytes ? BYTES[bytes[1]!] : undefined;
  return scale === undefined ? undefined : (scale * 8) / 1e6;
}
