// Settings: the app's known_hosts file (list with fingerprints, forget a host) and secrets by name.
import type { Handlers } from '../../contract/procedures.ts';
import { fingerprintSha256 } from '../../ssh/known-hosts/key-blob.ts';
import type { CoreContext } from '../context.ts';

type SettingsHandlers = Pick<
  Handlers,
  'settings.knownHosts.list' | 'settings.knownHosts.remove' | 'settings.secrets.list' | 'settings.secrets.set' | 'settings.secrets.forget'
>;

export function settingsHandlers(ctx: CoreContext): SettingsHandlers {
  const { knownHosts, secrets } = ctx.ssh;
  return {
    'settings.knownHosts.list': async () => {
      const lines = await knownHosts.readLines();
      const entries = lines.flatMap((l) =>
        l.kind === 'entry'
          ? [
              {
                lineNo: l.lineNo,
                hosts: l.hosts,
                hashed: l.hosts.startsWith('|1|'),
                keyType: l.keyType,
                fingerprint: fingerprintSha256(l.key),
                ...(l.marker ? { marker: l.marker } : {}),
              },
            ]
          : [],
      );
      return { path: knownHosts.path, entries, invalidLines: lines.filter((l) => l.kind === 'invalid').length };
    },
    'settings.knownHosts.remove': async ({ host, port }) => {
      const removed = await knownHosts.forget(host, port);
      return { removed: removed.map((k) => ({ keyType: k.keyType, fingerprint: k.fingerprint })) };
    },
    'settings.secrets.list': async () => ({ store: secrets.kind, names: (await secrets.list()).sort() }),
    'settings.secrets.set': async ({ name, value }) => {
      await secrets.set(name, value);
      return { name };
    },
    'settings.secrets.forget': async ({ name }) => ({ removed: await secrets.delete(name) }),
  };
}
