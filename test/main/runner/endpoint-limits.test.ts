// The runner's short-command limits are sized for a host and grow on an endpoint whose platform declares slower commands.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_SEC, limitOn } from '../../../main/runner/endpoint-limits.ts';

describe('limitOn', () => {
  it("keeps a host's limit when nothing is declared, scales it by the declared control time, and never shortens it", () => {
    expect(limitOn({}, 30_000)).toBe(30_000);
    expect(limitOn({ controlSec: DEFAULT_CONTROL_SEC }, 30_000)).toBe(30_000);
    expect(limitOn({ controlSec: 180 }, 15_000)).toBe(180_000);
    expect(limitOn({ controlSec: 180 }, 30_000)).toBe(360_000);
    expect(limitOn({ controlSec: 180 }, 60_000)).toBe(720_000);
    expect(limitOn({ controlSec: 1 }, 30_000)).toBe(30_000);
  });
});
