// Which /20 of a platform's /16 a campaign's bridge networks take: the campaign's own unless a subnet the runtime
// already has touches it, then the next free one round the 16.
import { describe, expect, it } from 'vitest';
import { freeSlot, overlaps, recordedSlot } from '../../../../main/platforms/common/bridge-slot.ts';

describe('bridge slot', () => {
  it('tells whether two IPv4 subnets share an address (IPv6 never touches IPv4)', () => {
    expect(overlaps('10.89.16.0/28', '10.89.16.0/20')).toBe(true);
    expect(overlaps('10.89.31.240/28', '10.89.16.0/20')).toBe(true);
    expect(overlaps('10.89.32.0/28', '10.89.16.0/20')).toBe(false);
    expect(overlaps('10.89.0.0/16', '10.89.240.0/20')).toBe(true);
    expect(overlaps('10.88.0.0/16', '10.89.0.0/20')).toBe(false);
    expect(overlaps('fd00::/64', '10.89.0.0/20')).toBe(false);
    expect(overlaps('10.89.17.5/28', '10.89.17.0/28')).toBe(true);
  });

  it("starts at the campaign's own slot and goes round to the first one nothing uses", () => {
    expect(freeSlot('10.89.0.0/16', 1, [])).toBe(1);
    expect(freeSlot('10.89.0.0/16', 17, ['10.88.0.0/16'])).toBe(1);
    expect(freeSlot('10.89.0.0/16', 1, ['10.89.16.0/28', '10.89.16.16/28'])).toBe(2);
    expect(freeSlot('10.89.0.0/16', 15, ['10.89.240.0/28'])).toBe(0);
    expect(freeSlot('10.89.0.0/16', 3, ['10.89.0.0/16'])).toBeUndefined();
  });

  it('reads the slot a ledger recorded', () => {
    expect(recordedSlot([{ kind: 'choice', handle: 'bridge-slot', detail: { slot: 4 } }])).toBe(4);
    expect(recordedSlot([{ kind: 'network', handle: 'x', detail: {} }])).toBeUndefined();
  });
});
