// Facts: probe endpoints over the core's pool and keep each answer as a timestamped snapshot.
import { ContractError } from '../../contract/errors.ts';
import type { HostRecord } from '../../contract/hosts.ts';
import type { Handlers } from '../../contract/procedures.ts';
import { probeFacts } from '../../facts/probe.ts';
import type { HostFacts } from '../../facts/types.ts';
import { endpointOf } from '../../hosts/endpoint-of.ts';
import { selectHosts, SelectorError } from '../../hosts/selector.ts';
import type { CoreContext } from '../context.ts';

export function factsHandlers(ctx: CoreContext): Pick<Handlers, 'facts.probe' | 'facts.latest'> {
  const { repos } = ctx;
  const hostsOf = (selector: string | undefined): { all: HostRecord[]; chosen: HostRecord[] } => {
    const all = repos.hosts.list();
    try {
      return { all, chosen: selector ? selectHosts(selector, all) : all };
    } catch (error) {
      if (error instanceof SelectorError) throw new ContractError('not-found', error.message);
      throw error;
    }
  };
  return {
    'facts.probe': async ({ selector }) => {
      const { all, chosen } = hostsOf(selector);
      return Promise.all(
        chosen.map(async (h) => {
          try {
            const { facts } = await probeFacts(ctx.ssh.pool.host(endpointOf(h.name, all)));
            const takenAt = Date.now();
            const snapshotId = repos.facts.recordForHost(repos.hosts.idOf(h.name)!, facts, takenAt);
            return { name: h.name, ok: true, takenAt, snapshotId, facts };
          } catch (error) {
            return { name: h.name, ok: false, error: (error as Error).message };
          }
        }),
      );
    },
    'facts.latest': async ({ selector }) => {
      const { chosen } = hostsOf(selector);
      return chosen.map((h) => {
        const snap = repos.facts.latestForHost(repos.hosts.idOf(h.name)!);
        return snap
          ? { name: h.name, ok: true, takenAt: snap.takenAt, snapshotId: snap.id, facts: snap.facts as HostFacts }
          : { name: h.name, ok: false, error: 'never probed' };
      });
    },
  };
}
