// netperf run parameters. Defaults follow Walters et al. 2008: a TCP_RR sweep of 1 B..16 KiB messages
// (reported as half-round-trip latency in microseconds) and a TCP_STREAM bandwidth test in Mbit/s.
import { z } from 'zod';
import { powersOfTwo } from '../sweep.ts';

const port = z.number().int().min(1).max(65535);

export const netperfConfidenceSchema = z
  .object({
    /** -I level: netperf accepts 95 or 99. */
    level: z.union([z.literal(95), z.literal(99)]).default(99),
    /** -I interval: full width of the confidence interval in percent (99,5 means +/-2.5%). */
    widthPercent: z.number().positive().max(100).default(5),
    /** -i max,min iterations (netperf allows at most 30, at least 1). */
    maxIterations: z.number().int().min(1).max(30).default(10),
    minIterations: z.number().int().min(1).max(30).default(3),
  })
  .refine((c) => c.minIterations <= c.maxIterations, { message: 'minIterations must not exceed maxIterations' });

/** Names a hand run's parameters had before they took the module's (sweep.ts): refused with the name to use. */
const RENAMED: Readonly<Record<string, string>> = { sizes: 'messageSizes', size: 'messageSizes' };

const netperfParamsObject = z.object({
  test: z.enum(['TCP_RR', 'TCP_STREAM']).default('TCP_RR'),
  /** TCP_RR request=response sizes in bytes; for TCP_STREAM the send sizes (-m), empty for netperf's default. The
   * scenario's name for the same list (NetperfSweep.messageSizes). */
  messageSizes: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(1 << 24),
    )
    .default(powersOfTwo(1, 16384)),
  /** -l test length in seconds. */
  durationSec: z.number().int().min(1).max(3600).default(10),
  /** netserver control port (-p on both sides). */
  controlPort: port.default(12865),
  /** Fixed data-connection port (test-specific -P) so firewalls and port forwards can be set up; absent for any port. */
  dataPort: port.optional(),
  confidence: netperfConfidenceSchema.optional(),
  /** -j: keep latency statistics so MEAN/P50/P99_LATENCY are real (TCP_RR only). */
  latencyStats: z.boolean().default(true),
  /** false adds -P 0: no banner and no CSV header (the parser then needs the selector list). */
  headers: z.boolean().default(true),
});

/** A hand run's parameters (`virtlab bench run netperf --param messageSizes=[1,64]`); an old name is refused with the
 * new one (unknown names are otherwise dropped silently, and the run would have used the default sweep). */
export const netperfParamsSchema = z.preprocess((raw, ctx) => {
  if (raw !== null && typeof raw === 'object') {
    for (const [old, now] of Object.entries(RENAMED)) {
      if (Object.hasOwn(raw, old))
        ctx.addIssue({ code: 'custom', path: [old], message: `netperf's parameter is ${now} now (${old} was its old name): --param ${now}=...` });
    }
  }
  return raw;
}, netperfParamsObject);

export type NetperfParams = z.infer<typeof netperfParamsSchema>;
export type NetperfTest = NetperfParams['test'];
