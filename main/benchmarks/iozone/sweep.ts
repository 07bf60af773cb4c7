// What a scenario (and the wizard) says about IOzone, and one run's parameters, under the same names.
import { z } from 'zod';
import { distinct, pow2, sweepEntry } from '../sweep.ts';

export const IozoneTestId = z.enum(['write', 'read', 'random']);

export const IozoneSweep = z
  .object({
    /** File sizes in KiB. */
    fileSizes: distinct(pow2(64, 1 << 30))
      .min(1)
      .default([65536, 262144, 1048576]),
    /** Record size in KiB. */
    recordSize: pow2(4, 16384).default(1024),
    tests: distinct(IozoneTestId).min(1).default(['write', 'read']),
    /** -I: O_DIRECT, bypass the page cache. */
    oDirect: z.boolean().default(false),
    /** -e: include fsync/flush in the timing. */
    flush: z.boolean().default(true),
  })
  .strict();
export type IozoneSweep = z.infer<typeof IozoneSweep>;

export const iozoneSweepEntry = sweepEntry('iozone', IozoneSweep.default(IozoneSweep.parse({})));

/** One IOzone run: one file size (fileSizes lists the fileSize of each point). */
export const IozonePoint = z
  .object({
    fileSize: z
      .number()
      .int()
      .min(64)
      .max(1 << 30),
    recordSize: z.number().int().min(4).max(16384).default(1024),
    tests: z.array(IozoneTestId).min(1).default(['write', 'read']),
    oDirect: z.boolean().default(false),
    flush: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    if (p.fileSize < p.recordSize)
      ctx.addIssue({ code: 'custom', path: ['fileSize'], message: `${p.fileSize} KiB does not hold at least one ${p.recordSize} KiB record` });
  });
export type IozonePoint = z.infer<typeof IozonePoint>;
