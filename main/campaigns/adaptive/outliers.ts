// Outliers of one sample by the median absolute deviation (Iglewicz and Hoaglin's modified z-score): robust where a
// mean/sd rule is not, since the outlier itself does not inflate the scale it is judged by. Flagged values stay in
// the data and in the statistics: a slow run is a real measurement until someone reads its raw output and says not.

/** |modified z| above this is flagged (Iglewicz and Hoaglin's recommendation). */
export const MAD_THRESHOLD = 3.5;
/** 0.6745 = the normal distribution's 75th percentile: makes the MAD estimate the sd for normal data. */
const NORMAL_MAD = 0.6745;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Indexes of the values flagged as outliers; none with fewer than 3 values or when most values are equal (MAD 0). */
export function madOutliers(values: readonly number[], threshold = MAD_THRESHOLD): number[] {
  if (values.length < 3) return [];
  const med = median([...values].sort((a, b) => a - b));
  const mad = median(values.map((v) => Math.abs(v - med)).sort((a, b) => a - b));
  if (mad === 0) return [];
  const out: number[] = [];
  values.forEach((v, i) => {
    if (Math.abs((NORMAL_MAD * (v - med)) / mad) > threshold) out.push(i);
  });
  return out;
}
