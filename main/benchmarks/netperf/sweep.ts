// What a scenario (and the wizard) says about netperf, and one run's parameters: the same names from the wizard
// field to the argv builder (messageSizes lists the messageSize of each point).
import { z } from 'zod';
import { distinct, powersOfTwo, sweepEntry } from '../sweep.ts';

export const NetperfTestId = z.enum(['TCP_RR', 'TCP_STREAM']);
/** The round-trip statistic a TCP_RR point's half RTT is half of. */
export const HalfRttFrom = z.enum(['mean', 'median']);
export type HalfRttFrom = z.infer<typeof HalfRttFrom>;
const size = z
  .number()
  .int()
  .min(1)
  .max(1 << 24);

export const NetperfSweep = z
  .object({
    tests: distinct(NetperfTestId).min(1).default(['TCP_RR', 'TCP_STREAM']),
    /** TCP_RR request/response sizes in bytes (the latency sweep). */
    messageSizes: distinct(size).min(1).default(powersOfTwo(1, 16384)),
    /** TCP_STREAM send sizes in bytes; empty = one point with netperf's default send size. */
    streamSizes: distinct(size).default([]),
    /** -l per point, seconds. */
    durationSec: z.number().int().min(1).max(3600).default(10),
    /** What TCP_RR's half RTT halves: the mean round trip (MEAN_LATENCY, the paper's, to 0.01 us), or the median
     * (P50_LATENCY), which a host's scheduler moves far less where the endpoints share a few cores (a descheduled round
     * trip lands in the mean), but which netperf reports in whole microseconds (a histogram bucket). */
    latency: HalfRttFrom.default('mean'),
  })
  .strict();
export type NetperfSweep = z.infer<typeof NetperfSweep>;

export const netperfSweepEntry = sweepEntry('netperf', NetperfSweep.default(NetperfSweep.parse({})));

/** One netperf run: a test at one message size (TCP_RR: request=response size, TCP_STREAM: -m send size). */
export const NetperfPoint = z
  .object({
    test: NetperfTestId,
    /** Absent for TCP_STREAM: netperf's default send size. */
    messageSize: size.optional(),
    durationSec: z.number().int().min(1).max(3600),
    /** TCP_RR only, and only when not the mean (a point without it, as before: the mean). */
    latency: z.literal('median').optional(),
  })
  .strict();
export type NetperfPoint = z.infer<typeof NetperfPoint>;
