// Which part of a platform's /16 a campaign's bridge networks use. A runtime's networks are the host's (Podman's
// configs are machine-wide): another VirtLab data folder's campaign, or another user's, may hold the subnets this
// campaign's id would give. Preparation asks the runtime on every host which subnets its networks have, takes the
// first of the /16's slots (a /20 each, names.ts) none of them touches, starting at the campaign's own, and records it
// in the ledger (kind 'choice') before making anything, so a resume, the runs and teardown use exactly that one.
import type { LedgerEntry, PrepareContext } from '../provider.ts';
import { CAMPAIGN_SLOTS, slotRange } from './names.ts';
import { must, ProviderError } from './run.ts';

export const SLOT_CHOICE = { kind: 'choice', handle: 'bridge-slot' } as const;

/** The slot a ledger records (its open 'choice' entry), if any. */
export function recordedSlot(entries: readonly Pick<LedgerEntry, 'kind' | 'handle' | 'detail'>[]): number | undefined {
  const e = entries.find((x) => x.kind === SLOT_CHOICE.kind && x.handle === SLOT_CHOICE.handle);
  return e && Number.isInteger(e.detail['slot']) ? (e.detail['slot'] as number) : undefined;
}

const ipv4 = (a: string): number | undefined => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.every((x) => x <= 255) ? ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]! : undefined;
};
/** First and last address of an IPv4 CIDR; undefined for anything else (IPv6 cannot touch an IPv4 slot). */
function range(cidr: string): [number, number] | undefined {
  const [a, p] = cidr.split('/');
  const base = ipv4(a ?? '');
  const bits = Number(p);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const first = base - (base % size);
  return [first, first + size - 1];
}
export function overlaps(a: string, b: string): boolean {
  const x = range(a);
  const y = range(b);
  return !!x && !!y && x[0] <= y[1] && y[0] <= x[1];
}

/** The first slot of subnet16, from the campaign's own (id mod 16) round, that no subnet in `used` touches. */
export function freeSlot(subnet16: string, campaignId: number, used: readonly string[]): number | undefined {
  for (let i = 0; i < CAMPAIGN_SLOTS; i++) {
    const slot = (campaignId + i) % CAMPAIGN_SLOTS;
    if (!used.some((u) => overlaps(u, slotRange(subnet16, slot)))) return slot;
  }
  return undefined;
}

/** The campaign's slot: the recorded one, or a free one chosen now (asking each host with `subnetsInUse`, which prints
 * the subnets of the runtime's networks separated by white space) and recorded before anything is made. */
export async function chooseBridgeSlot(ctx: PrepareContext<{ subnet: string }>, subnetsInUse: readonly string[], runtime: string): Promise<number> {
  const known = recordedSlot(ctx.ledger.open());
  if (known !== undefined) return known;
  const used: string[] = [];
  for (const h of ctx.hosts) used.push(...(await must(h, subnetsInUse, `listing the subnets of ${runtime}'s networks`)).split(/\s+/).filter(Boolean));
  const s16 = ctx.settings.subnet;
  const slot = freeSlot(s16, ctx.campaignId, used);
  if (slot === undefined)
    throw new ProviderError(
      `every part of ${s16} is used by ${runtime} networks on the platform's hosts (${[...new Set(used)].join(', ')}): set subnet to another /16 on the platform`,
    );
  const e = ctx.ledger.intend(ctx.hosts[0]!.name, SLOT_CHOICE.kind, SLOT_CHOICE.handle, { slot, range: slotRange(s16, slot) });
  ctx.ledger.created(e.id);
  if (slot !== ctx.campaignId % CAMPAIGN_SLOTS)
    ctx.say(`${slotRange(s16, ctx.campaignId % CAMPAIGN_SLOTS)} is in use on a host: this campaign's ${runtime} networks use ${slotRange(s16, slot)}`);
  return slot;
}
