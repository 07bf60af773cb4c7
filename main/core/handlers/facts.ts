// hosts.facts: one probe over the shared pool, then the declared technology checked against what was detected.
import { ContractError } from '../../contract/errors.ts';
import type { HostRecord } from '../../contract/hosts.ts';
import type { TechnologyVerdict } from '../../contract/facts.ts';
import type { Handlers } from '../../contract/procedures.ts';
import { probeFacts } from '../../facts/probe.ts';
import type { HostFacts } from '../../facts/types.ts';
import { endpointOf } from '../../hosts/endpoint-of.ts';
import { checkTechnology } from '../../lab-model/detect-virt.ts';
import { listPlatforms } from '../../lab-model/platforms.ts';
import { technologyOfGuestKind } from '../../lab-model/technology.ts';
import type { CoreContext } from '../context.ts';

type FactsHandlers = Pick<Handlers, 'hosts.facts'>;

const plain = ({ name, address, port, user, auth, jump, tags, guestOf, technology }: HostRecord): HostRecord =>
  ({ name, address, port, user, auth, jump, tags, ...(guestOf !== undefined ? { guestOf, technology } : {}) });

export function factsHandlers(ctx: CoreContext): FactsHandlers {
  const verdict = (host: HostRecord, facts: HostFacts): TechnologyVerdict => {
    const platform = listPlatforms(ctx.repos).find((p) => p.endpoints.includes(host.name));
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
      declaredBy = 'a host (not a guest), so bare metal';
    }
    if (declared === null) return { declared, declaredBy, status: 'unknown', message: `a ${host.technology} guest can be of more than one technology; define its platform to check it` };
    const v = facts.virtualization;
    const check = checkTechnology({ technology: declared, ...(product ? { product } : {}) }, { vm: v.vm ?? 'none', container: v.container ?? 'none' });
    return { declared, declaredBy, status: check.status, message: check.message };
  };

  return {
    'hosts.facts': async ({ name }) => {
      const hosts = ctx.repos.hosts.list().map(plain);
      const host = hosts.find((h) => h.name === name);
      if (!host) throw new ContractError('not-found', `No host named ${name}.`);
      let probed;
      try {
        probed = await probeFacts(ctx.ssh.pool.host(endpointOf(name, hosts)), { timeoutMs: 30_000 });
      } catch (error) {
        throw new ContractError('failed', `Facts of ${name}: ${(error as Error).message}`);
      }
      return { name, takenAt: new Date().toISOString(), facts: probed.facts, technology: verdict(host, probed.facts) };
    },
  };
}
