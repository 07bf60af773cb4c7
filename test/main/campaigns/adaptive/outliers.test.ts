// MAD outliers: a value far from the rest is flagged, a tight sample or a constant one is not.
import { describe, expect, it } from 'vitest';
import { madOutliers } from '../../../../main/campaigns/adaptive/outliers.ts';

describe('madOutliers', () => {
  it('flags the value far from the median, judged by a scale it does not inflate', () => {
    expect(madOutliers([100, 101, 99, 100.5, 99.5, 140])).toEqual([5]);
    expect(madOutliers([10, 10.2, 9.9, 2, 10.1])).toEqual([3]);
  });
  it('flags nothing in an ordinary sample, with fewer than 3 values, or when most values are equal (MAD 0)', () => {
    expect(madOutliers([100, 102, 98, 101, 99])).toEqual([]);
    expect(madOutliers([1, 100])).toEqual([]);
    expect(madOutliers([5, 5, 5, 5, 9])).toEqual([]);
  });
});
