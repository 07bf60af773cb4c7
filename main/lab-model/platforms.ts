// Platforms over the store: a named set of endpoints of one technology. Native platforms use the hosts themselves;
// the others use guests, each of which belongs to a host (the "machine" a run holds under machine-scope locking).
import type { PlatformDefinition, PlatformInfo } from '../contract/scenarios.ts';
import type { Repos } from '../store/repos/index.ts';
import { technologyOfGuestKind } from './technology.ts';
import { defaultProvider, describeProvider, parseProviderSettings, type ProviderName } from '../platforms/catalog.ts';

export class PlatformError extends Error {
  constructor(message: string) { super(message); this.name = 'PlatformError'; }
}

export function listPlatforms(repos: Repos): PlatformInfo[] {
  const hostNames = new Map(repos.hosts.list().map((h) => [h.id, h.name]));
  return repos.platforms.list().map((p) => ({
    name: p.name, technology: p.technology, product: p.product, version: p.version, isBaseline: p.isBaseline,
    endpoints: repos.platforms.listEndpoints(p.id).map((e) => hostNames.get(e.hostId) ?? `#${e.hostId}`),
    provider: providerOf(p), settings: p.settings,
  }));
}

/** The provider a stored platform uses (platforms from before providers: from their technology). */
export function providerOf(p: { provider: string | null; technology: string }): ProviderName {
  return (p.provider ?? defaultProvider(p.technology)) as ProviderName;
}

/** Host name -> the machine it runs on (its parent for a guest). */
export function machineResolver(repos: Repos): (host: string) => string {
  const parent = new Map<string, string>();
  for (const h of repos.hosts.list()) if (h.guestOf) parent.set(h.name, h.guestOf);
  return (host) => parent.get(host) ?? host;
}

/** Problems with a definition against the saved hosts; empty when it can be saved. */
export function checkPlatform(repos: Repos, def: PlatformDefinition): string[] {
  const problems: string[] = [];
  if (repos.platforms.findByName(def.name)) problems.push(`a platform named "${def.name}" already exists`);
  const provider = describeProvider(def.provider ?? defaultProvider(def.technology))!;
  if (provider.technology !== def.technology && provider.name !== 'ssh-guest') problems.push(`provider ${provider.name} makes ${provider.technology} platforms, not ${def.technology}`);
  const settings = parseProviderSettings(provider.name, def.settings);
  if ('error' in settings) problems.push(settings.error);
  def.endpoints.forEach((name, i) => {
    const h = repos.hosts.get(name);
    if (!h) { problems.push(`endpoints[${i}]: no host named "${name}"`); return; }
    if (provider.endpoints === 'hosts' && h.guestOf) problems.push(`endpoints[${i}]: "${name}" is a guest of ${h.guestOf}; a ${provider.name === 'native' ? 'native' : provider.name} platform uses hosts themselves`);
    if (provider.endpoints === 'guests' && !h.guestOf) problems.push(`endpoints[${i}]: "${name}" is a host, not a guest; a ${def.technology} platform runs on guests`);
    const kindTech = h.technology ? technologyOfGuestKind(h.technology) : undefined;
    if (h.guestOf && kindTech && kindTech !== def.technology) problems.push(`endpoints[${i}]: "${name}" is recorded as a ${h.technology} guest (${kindTech}), not ${def.technology}`);
  });
  return problems;
}

export function definePlatform(repos: Repos, def: PlatformDefinition): PlatformInfo {
  const problems = checkPlatform(repos, def);
  if (problems.length) throw new PlatformError(`platform ${def.name}: ${problems.join('; ')}`);
  const provider = def.provider ?? defaultProvider(def.technology);
  const settings = parseProviderSettings(provider, def.settings) as { settings: Record<string, unknown> };
  const id = repos.platforms.create({ name: def.name, technology: def.technology, product: def.product, version: def.version ?? null, isBaseline: def.isBaseline, provider, settings: settings.settings });
  def.endpoints.forEach((name, ordinal) => repos.platforms.addEndpoint({ platformId: id, hostId: repos.hosts.idOf(name)!, ordinal }));
  return listPlatforms(repos).find((p) => p.name === def.name)!;
}
