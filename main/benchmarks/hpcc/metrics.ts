// The numbers VirtLab keeps from HPCC's summary block: one metric per test, each stored at a point named after it
// (so every test is its own x and its own scaling panel). `key` is the summary key it is read from.
import type { MetricSpec } from '../types.ts';

export interface HpccMetricSpec extends MetricSpec {
  key: string;
  /** Multiplier from the summary's unit to `unit` (HPL reports Tflop/s). */
  scale: number;
  /** Measured only with more than one rank (HPCC prints -1 otherwise). */
  needsPeers?: boolean;
}

export const hpccMetricSpecs = [
  {
    name: 'hpl',
    key: 'HPL_Tflops',
    scale: 1000,
    unit: 'Gflop/s',
    better: 'higher',
    description: 'HPL (LU solve of a dense system) over all ranks: HPL_Tflops x 1000.',
  },
  {
    name: 'stream_triad_star',
    key: 'StarSTREAM_Triad',
    scale: 1,
    unit: 'GB/s',
    better: 'higher',
    description: 'STREAM triad memory bandwidth of one rank while every rank runs it (StarSTREAM_Triad).',
  },
  {
    name: 'stream_triad_single',
    key: 'SingleSTREAM_Triad',
    scale: 1,
    unit: 'GB/s',
    better: 'higher',
    description: 'STREAM triad memory bandwidth of one rank running alone (SingleSTREAM_Triad).',
  },
  {
    name: 'randomaccess',
    key: 'MPIRandomAccess_GUPs',
    scale: 1,
    unit: 'GUP/s',
    better: 'higher',
    description: 'RandomAccess updates over the whole distributed table (MPIRandomAccess_GUPs).',
  },
  {
    name: 'randomaccess_star',
    key: 'StarRandomAccess_GUPs',
    scale: 1,
    unit: 'GUP/s',
    better: 'higher',
    description: 'RandomAccess of one rank on its own table while every rank runs it (StarRandomAccess_GUPs).',
  },
  { name: 'ptrans', key: 'PTRANS_GBs', scale: 1, unit: 'GB/s', better: 'higher', description: 'Parallel matrix transpose (PTRANS_GBs).' },
  { name: 'fft', key: 'MPIFFT_Gflops', scale: 1, unit: 'Gflop/s', better: 'higher', description: 'Distributed 1-D FFT over all ranks (MPIFFT_Gflops).' },
  {
    name: 'fft_star',
    key: 'StarFFT_Gflops',
    scale: 1,
    unit: 'Gflop/s',
    better: 'higher',
    description: 'FFT of one rank while every rank runs it (StarFFT_Gflops).',
  },
  {
    name: 'pingpong_latency',
    key: 'AvgPingPongLatency_usec',
    scale: 1,
    unit: 'us',
    better: 'lower',
    needsPeers: true,
    description: 'Mean ping-pong latency between pairs of ranks (AvgPingPongLatency_usec); 2+ ranks.',
  },
  {
    name: 'pingpong_bandwidth',
    key: 'AvgPingPongBandwidth_GBytes',
    scale: 1,
    unit: 'GB/s',
    better: 'higher',
    needsPeers: true,
    description: 'Mean ping-pong bandwidth between pairs of ranks (AvgPingPongBandwidth_GBytes); 2+ ranks.',
  },
] as const satisfies readonly HpccMetricSpec[];

export type HpccMetricName = (typeof hpccMetricSpecs)[number]['name'];

export const hpccMetrics: readonly MetricSpec[] = hpccMetricSpecs.map(({ name, unit, better, description }) => ({ name, unit, better, description }));
