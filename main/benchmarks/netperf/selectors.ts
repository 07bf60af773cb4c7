// netperf omni output selectors and the column titles netperf 2.7 prints for them in CSV headers.

/** Selectors the command asks for by default: latency statistics (need -j), rates, sizes and confidence facts. */
export const defaultRrSelectors = [
  'MEAN_LATENCY',
  'P50_LATENCY',
  'P99_LATENCY',
  'STDDEV_LATENCY',
  'MIN_LATENCY',
  'MAX_LATENCY',
  'TRANSACTION_RATE',
  'THROUGHPUT',
  'THROUGHPUT_UNITS',
  'REQUEST_SIZE',
  'RESPONSE_SIZE',
  'ELAPSED_TIME',
  'CONFIDENCE_LEVEL',
  'CONFIDENCE_ITERATION',
  'THROUGHPUT_CONFID',
] as const;

export const defaultStreamSelectors = [
  'THROUGHPUT',
  'THROUGHPUT_UNITS',
  'LOCAL_SEND_SIZE',
  'ELAPSED_TIME',
  'CONFIDENCE_LEVEL',
  'CONFIDENCE_ITERATION',
  'THROUGHPUT_CONFID',
] as const;

const titles: Record<string, string> = {
  'Mean Latency Microseconds': 'MEAN_LATENCY',
  '50th Percentile Latency Microseconds': 'P50_LATENCY',
  '90th Percentile Latency Microseconds': 'P90_LATENCY',
  '99th Percentile Latency Microseconds': 'P99_LATENCY',
  'Minimum Latency Microseconds': 'MIN_LATENCY',
  'Maximum Latency Microseconds': 'MAX_LATENCY',
  'Stddev Latency Microseconds': 'STDDEV_LATENCY',
  'Transaction Rate Tran/s': 'TRANSACTION_RATE',
  Throughput: 'THROUGHPUT',
  'Throughput Units': 'THROUGHPUT_UNITS',
  'Request Size Bytes': 'REQUEST_SIZE',
  'Response Size Bytes': 'RESPONSE_SIZE',
  'Elapsed Time (sec)': 'ELAPSED_TIME',
  'Confidence Level Percent': 'CONFIDENCE_LEVEL',
  'Confidence Iterations Run': 'CONFIDENCE_ITERATION',
  'Throughput Confidence Width (%)': 'THROUGHPUT_CONFID',
  'Local Send Size': 'LOCAL_SEND_SIZE',
  Protocol: 'PROTOCOL',
  Direction: 'DIRECTION',
};

/** Maps a CSV column title back to its selector; unknown titles become an upper-snake-case name. */
export function selectorForTitle(title: string): string {
  const t = title.trim();
  return (
    titles[t] ??
    t
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
  );
}
