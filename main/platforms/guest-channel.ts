// A session into a guest that has no sshd (a container behind its runtime): the host's verified SSH session, with
// every command it runs wrapped by the provider (`podman exec -i NAME sh -c CMD`). Everything the runner does over
// it (detached jobs, status, output, process checks, the facts probe) then happens inside the guest; files copied by
// SFTP land on the host, in folders the provider bind-mounts at the same path inside.
import type { Client } from 'ssh2';
import type { ChannelHost } from '../ssh/pool.ts';
import { toShellCommand } from '../ssh/quote.ts';

export function guestChannel(host: ChannelHost, wrap: (argv: readonly string[]) => string[], label: string): ChannelHost {
  const wrapped = (client: Client): Client =>
    new Proxy(client, {
      get(target, prop) {
        if (prop === 'exec') {
          return (command: string, ...rest: unknown[]) => (target.exec as (...a: unknown[]) => unknown)(toShellCommand(wrap(['sh', '-c', command])), ...rest);
        }
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return { label, withClient: (fn, opts) => host.withClient((client) => fn(wrapped(client)), opts) };
}
