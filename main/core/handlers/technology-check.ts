// hosts.technologyCheck: declared technology (platform, else host/guest kind) against the latest facts snapshot.
import { ContractError } from '../../contract/errors.ts';
import type { HostRecord } from '../../contract/hosts.ts';
import type { Handlers } from '../../contract/procedures.ts';
import type { TechnologyVerdict } from '../../contract/technology-check.ts';
import type { HostFacts } from '../../facts/types.ts';
import { selectHosts, SelectorError } from '../../hosts/selector.ts';
import { checkTechnology } from '../../lab-model/detect-virt.ts';
import { listPlatforms } from '../../lab-model/platforms.ts';
import { technologyOfGuestKind } from '../../lab-model/technology.ts';
import type { CoreContext } from '../context.ts';

export function detectedText(v: HostFacts['virtualization']): string {
  if (v.kind === 'none') return 'none';
  return [v.container && `container ${v.container}`, v.vm && `VM ${v.vm}`].filter(Boolean).join(' in ');
}

export function technologyVerdict(
  host: HostRecord,
  platform: { name: string; technology: TechnologyVerdict['declared'] & string; product: string } | undefined,
  facts: HostFacts | undefined,
): TechnologyVerdict {
  let declared: TechnologyVerdict['declared'];
  let declaredBy: string;
  let product: string | undefined;
  if (platform) {
    declared = platform.technology;
    declaredBy = `platform ${platform.name} (${platform.product})`;
    product = platform.product;
  } else if (host.guestOf) {
    declared = host.technology ? (technologyOfGuestKind(host.technology) ?? null) : null;
    declaredBy = `guest of ${host.guestOf} (${host.technology ?? 'unknown kind'})`;
    product = host.technology;
  } else {
    declared = 'native';
    declaredBy = 'a host, not a guest: bare metal';
  }
  const base = { name: host.name, declared, declaredBy, detected: facts ? detectedText(facts.virtualization) : null };
  if (!facts) return { ...base, status: 'unknown', message: 'not probed yet' };
  if (declared === null)
    return { ...base, status: 'unknown', message: `a ${host.technology} guest can be of more than one technology; define its platform to check it` };
  const v = facts.virtualization;
  const check = checkTechnology({ technology: declared, ...(product ? { product } : {}) }, { vm: v.vm ?? 'none', container: v.container ?? 'none' });
  return { ...base, status: check.status, message: check.message };
}

export function technologyCheckHandlers(ctx: CoreContext): Pick<Handlers, 'hosts.technologyCheck'> {
  const { repos } = ctx;
  return {
    'hosts.technologyCheck': async ({ selector }) => {
      const all = repos.hosts.list();
      let chosen: HostRecord[];
      try {
        chosen = selector ? selectHosts(selector, all) : all;
      } catch (error) {
        if (error instanceof SelectorError) throw new ContractError('not-found', error.message);
        throw error;
      }
      const platforms = listPlatforms(repos);
      return chosen.map((h) => {
        const snap = repos.facts.latestForHost(repos.hosts.idOf(h.name)!);
        return technologyVerdict(
          h,
          platforms.find((p) => p.endpoints.includes(h.name)),
          snap?.facts as HostFacts | undefined,
        );
      });
    },
  };
}
