// Sweep helpers shared by the benchmark modules' schemas and points.
import { z } from 'zod';

/** Powers of two from `from` to `to` inclusive (both powers of two). */
export function powersOfTwo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && Number.isInteger(Math.log2(n));

/** A whole power of two within [min, max]. */
export const pow2 = (min: number, max: number) =>
  z.number().int('must be a whole number').min(min).max(max).refine(isPowerOfTwo, { message: 'must be a power of two' });

/** A list whose values do not repeat. */
export const distinct = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((xs) => new Set(xs.map((x) => JSON.stringify(x))).size === xs.length, { message: 'values must not repeat' });

/** The MPI implementations VirtLab builds and launches with, shared by every benchmark that runs under MPI. */
export const MpiImplId = z.enum(['openmpi', 'mpich']);

/** The scenario entry of a benchmark: `{ benchmark: id, label?, params }`, params defaulted when the module allows. */
export function sweepEntry<const Id extends string, S extends z.ZodType>(id: Id, params: S) {
  return z.object({ benchmark: z.literal(id), label: z.string().max(80).optional(), params }).strict();
}

/** "64 B", "16 KiB", "1 MiB". */
export const bytesLabel = (n: number): string =>
  n >= 1024 && n % 1024 === 0 ? (n >= 1 << 20 && n % (1 << 20) === 0 ? `${n >> 20} MiB` : `${n >> 10} KiB`) : `${n} B`;
