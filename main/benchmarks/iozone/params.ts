// IOzone run parameters. Defaults follow Walters et al. 2008: writer/reader tests (-i 0 -i 1) with 1 MB records
// over file sizes 1 MB..512 MB in powers of two.
import { z } from 'zod';
import { powersOfTwo } from '../sweep.ts';

/** IOzone test numbers: 0 write/rewrite, 1 read/reread, 2 random, 3 backwards, 4 record rewrite, 5 stride, 6 fwrite, 7 fread. */
export const iozoneTestNumber = z.number().int().min(0).max(7);

export const iozoneParamsSchema = z.object({
  tests: z
    .array(iozoneTestNumber)
    .min(1)
    .default([0, 1])
    .refine((t) => !t.some((n) => n > 0) || t.includes(0), {
      message: 'IOzone needs test 0 (write) to create the file the other tests use',
    }),
  recordKB: z
    .number()
    .int()
    .min(4)
    .max(16 * 1024)
    .default(1024),
  fileSizesKB: z
    .array(
      z
        .number()
        .int()
        .min(64)
        .max(64 * 1024 * 1024),
    )
    .min(1)
    .default(powersOfTwo(1024, 512 * 1024)),
  /** Absolute folder on the endpoint where the test file is written (must be on the disk under test). */
  folder: z
    .string()
    .regex(/^\/[^\0]*$/, 'an absolute path')
    .default('/tmp'),
  /** -I: O_DIRECT, bypassing the page cache where the file system supports it. */
  directIO: z.boolean().default(false),
  /** -e: include flush (fsync, fflush) in the timing. */
  includeFlush: z.boolean().default(true),
  /** -R: the report blocks the parser prefers (they never run values together). */
  excelReport: z.boolean().default(true),
});

export type IozoneParams = z.infer<typeof iozoneParamsSchema>;
