// Hosts and guests: records in the store, selection, import from ssh_config, checks and host key answers.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ContractError } from '../../contract/errors.ts';
import type { HostRecord } from '../../contract/hosts.ts';
import type { Handlers } from '../../contract/procedures.ts';
import { hostSetProblems } from '../../hosts/host-set.ts';
import { selectHosts, SelectorError } from '../../hosts/selector.ts';
import { importSshConfig } from '../../hosts/ssh-config-import.ts';
import type { CoreContext } from '../context.ts';
import { checkHost } from '../hosts/check-host.ts';

type HostsHandlers = Pick<
  Handlers,
  'hosts.list' | 'hosts.add' | 'hosts.update' | 'hosts.remove' | 'hosts.check' | 'hosts.importSshConfig' | 'hosts.answerHostKey'
>;

const plain = ({ name, address, port, user, auth, jump, tags, guestOf, technology }: HostRecord): HostRecord => ({
  name,
  address,
  port,
  user,
  auth,
  jump,
  tags,
  ...(guestOf !== undefined ? { guestOf, technology } : {}),
});

export function hostsHandlers(ctx: CoreContext): HostsHandlers {
  const { repos } = ctx;
  const all = (): HostRecord[] => repos.hosts.list().map(plain);

  const select = (selector: string | undefined): HostRecord[] => {
    if (!selector) return all();
    try {
      return selectHosts(selector, all());
    } catch (error) {
      if (error instanceof SelectorError) throw new ContractError('not-found', error.message);
      throw error;
    }
  };

  // Saving must leave a consistent set: known jump hosts and parents, no loops.
  const saveChecked = (next: HostRecord[], record: HostRecord): HostRecord => {
    const problems = hostSetProblems(next);
    if (problems.length > 0) throw new ContractError('conflict', problems.join('; '));
    repos.hosts.save(record);
    return plain(repos.hosts.get(record.name)!);
  };

  return {
    'hosts.list': async ({ selector }) => select(selector),
    'hosts.add': async (host) => {
      if (repos.hosts.get(host.name)) throw new ContractError('conflict', `A host named ${host.name} exists already.`);
      return saveChecked([...all(), host], host);
    },
    'hosts.update': async ({ name, host }) => {
      if (!repos.hosts.get(name)) throw new ContractError('not-found', `No host named ${name}.`);
      if (name !== host.name && repos.hosts.get(host.name)) throw new ContractError('conflict', `A host named ${host.name} exists already.`);
      const next = [...all().filter((h) => h.name !== name), host];
      const saved = saveChecked(next, host);
      if (name !== host.name) repos.hosts.remove(name);
      return saved;
    },
    'hosts.remove': async ({ name }) => {
      const dependants = all()
        .filter((h) => h.guestOf === name || h.jump.includes(name))
        .map((h) => h.name);
      if (dependants.length > 0) throw new ContractError('conflict', `${name} is still the parent or jump host of ${dependants.join(', ')}.`);
      return { removed: repos.hosts.remove(name) };
    },
    'hosts.check': async ({ selector }) => {
      const hosts = all();
      const chosen = select(selector);
      // Each host on its own: a slow or dead one never holds up the answers of the others.
      return Promise.all(chosen.map((h) => checkHost(h.name, hosts, ctx.ssh.verifier, ctx.ssh.secrets, ctx.ssh.readyTimeoutMs)));
    },
    'hosts.importSshConfig': async ({ path, text, save }) => {
      const source =
        text ??
        (await readFile(path ?? join(homedir(), '.ssh', 'config'), 'utf8').catch((e: Error) => {
          throw new ContractError('not-found', `Cannot read ${path ?? '~/.ssh/config'}: ${e.message}`);
        }));
      const result = await importSshConfig(source, { homeDir: homedir() });
      if (save) {
        const existing = new Set(all().map((h) => h.name));
        const fresh = result.hosts.filter((h) => !existing.has(h.name));
        for (const h of result.hosts.filter((h) => existing.has(h.name))) result.skipped.push({ name: h.name, reason: 'a host of that name exists already' });
        const problems = hostSetProblems([...all(), ...fresh]);
        if (problems.length > 0) throw new ContractError('conflict', problems.join('; '));
        for (const h of fresh) repos.hosts.save(h);
        return { ...result, hosts: fresh };
      }
      return result;
    },
    'hosts.answerHostKey': async ({ requestId, accept }) => ({ ok: ctx.ssh.prompts.answer(requestId, accept) }),
  };
}
