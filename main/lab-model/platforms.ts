// Platforms over the store: a named set of endpoints of one technology. Native platforms use the hosts themselves;
// the others use guests, each of which belongs to a host (the "machine" a run holds under machine-scope locking).
import type { PlatformDefinition, PlatformInfo } from '../contract/scenarios.ts';
import type { Repos } from '../store/repos/index.ts';
import { technologyOfGuestKind } from './technology.ts';
import { checkProviderSettings, defaultProvider, describeProvider, providesTechnology, type ProviderName, type SettingsIssue } from '../platforms/catalog.ts';
import { describeBackend, parseBackendSettings, type BackendName } from '../backends/catalog.ts';

export class PlatformError extends Error {
  /** Each problem with the field it is about (`name`, `endpoints[1]`, `settings.image`), for the wizard. */
  constructor(
    message: string,
    readonly issues: SettingsIssue[] = [],
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export function listPlatforms(repos: Repos): PlatformInfo[] {
  const hostNames = new Map(repos.hosts.list().map((h) => [h.id, h.name]));
  return repos.platforms.list().map((p) => ({
    name: p.name,
    technology: p.technology,
    product: p.product,
    version: p.version,
    isBaseline: p.isBaseline,
    endpoints: repos.platforms.listEndpoints(p.id).map((e) => hostNames.get(e.hostId) ?? `#${e.hostId}`),
    provider: providerOf(p),
    settings: p.settings,
    ...(p.backend ? { backend: p.backend as BackendName, backendSettings: p.backendSettings } : {}),
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

/** Problems with a definition against the saved hosts, each with its field; empty when it can be saved. */
export function checkPlatform(repos: Repos, def: PlatformDefinition): SettingsIssue[] {
  const problems: SettingsIssue[] = [];
  const at = (path: string, message: string) => problems.push({ path, message });
  if (repos.platforms.findByName(def.name)) at('name', `a platform named "${def.name}" already exists`);
  const provider = describeProvider(def.provider ?? defaultProvider(def.technology))!;
  if (!providesTechnology(provider, def.technology))
    at('technology', `provider ${provider.name} makes ${provider.technology} platforms, not ${def.technology}`);
  const settings = checkProviderSettings(provider.name, def.settings);
  if ('issues' in settings) problems.push(...settings.issues);
  if (def.backend) {
    const b = parseBackendSettings(def.backend, def.backendSettings);
    if ('error' in b) at('backendSettings', b.error);
    else {
      const login = describeBackend(def.backend)?.loginOf?.(b.settings);
      if (login !== undefined && !repos.hosts.get(login))
        at('backendSettings.login', `backendSettings.login: no host named "${login}" (the ${def.backend} login endpoint must be a stored host)`);
    }
  } else if (def.backendSettings && Object.keys(def.backendSettings).length)
    at('backendSettings', 'backendSettings without a backend: name the backend they are for');
  def.endpoints.forEach((name, i) => {
    const h = repos.hosts.get(name);
    const path = `endpoints[${i}]`;
    if (!h) {
      at(path, `no host named "${name}"`);
      return;
    }
    if (provider.endpoints === 'hosts' && h.guestOf) at(path, `"${name}" is a guest of ${h.guestOf}; a ${provider.name} platform uses hosts themselves`);
    if (provider.endpoints === 'guests' && !h.guestOf) at(path, `"${name}" is a host, not a guest; a ${def.technology} platform runs on guests`);
    const kindTech = h.technology ? technologyOfGuestKind(h.technology) : undefined;
    if (h.guestOf && kindTech && kindTech !== def.technology) at(path, `"${name}" is recorded as a ${h.technology} guest (${kindTech}), not ${def.technology}`);
  });
  return problems;
}

/** One problem in the sentence the CLI prints: the field when it says more than the message does. */
function inWords(p: SettingsIssue): string {
  if (p.path === 'settings') return `settings.(root): ${p.message}`;
  return /^(endpoints|settings)\b/.test(p.path) ? `${p.path}: ${p.message}` : p.message;
}

export function definePlatform(repos: Repos, def: PlatformDefinition): PlatformInfo {
  const problems = checkPlatform(repos, def);
  if (problems.length) throw new PlatformError(`platform ${def.name}: ${problems.map(inWords).join('; ')}`, problems);
  const provider = def.provider ?? defaultProvider(def.technology);
  const settings = checkProviderSettings(provider, def.settings) as { settings: Record<string, unknown> };
  const backend = def.backend
    ? { backend: def.backend, backendSettings: (parseBackendSettings(def.backend, def.backendSettings) as { settings: Record<string, unknown> }).settings }
    : {};
  const id = repos.platforms.create({
    name: def.name,
    technology: def.technology,
    product: def.product,
    version: def.version ?? null,
    isBaseline: def.isBaseline,
    provider,
    settings: settings.settings,
    ...backend,
  });
  def.endpoints.forEach((name, ordinal) => repos.platforms.addEndpoint({ platformId: id, hostId: repos.hosts.idOf(name)!, ordinal }));
  return listPlatforms(repos).find((p) => p.name === def.name)!;
}
