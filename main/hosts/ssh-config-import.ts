// Turns an OpenSSH client config into host records: each concrete `Host` alias becomes a record, with the
// values OpenSSH would use for it (first value wins; wildcard-only blocks such as `Host *` supply defaults).
// `Match exec` is never run: the text may come from anywhere.
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import SSHConfig, { type Line } from 'ssh-config';
import { HostName, HostRecord, type HostAuth } from '../contract/hosts.ts';
import { parseJumpHop } from './jump-spec.ts';
import { inlineIncludes } from './ssh-config-include.ts';

export interface SshConfigImportOptions {
  homeDir?: string;
  /** User when the config names none (OpenSSH uses the local user). */
  defaultUser?: string;
  /** Follow Include directives (default true). */
  includes?: boolean;
}

export interface SshConfigImport {
  hosts: HostRecord[];
  skipped: Array<{ name: string; reason: string }>;
  warnings: string[];
}

const isPattern = (s: string): boolean => /[*?!]/.test(s) || s.includes(',');

function hostValues(line: Line): string[] {
  if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') return [];
  return typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export async function importSshConfig(text: string, options: SshConfigImportOptions = {}): Promise<SshConfigImport> {
  const home = options.homeDir ?? homedir();
  const localUser = options.defaultUser ?? userInfo().username;
  const warnings: string[] = [];
  const expanded = options.includes === false ? text : await inlineIncludes(text, home, warnings);
  const config = SSHConfig.parse(expanded);

  const aliases: string[] = [];
  for (const line of config) {
    if (line.type === SSHConfig.DIRECTIVE && line.param.toLowerCase() === 'match') warnings.push('Match blocks are not evaluated (only Host blocks are)');
    for (const v of hostValues(line)) if (v && !isPattern(v) && !aliases.includes(v)) aliases.push(v);
  }

  const hosts = new Map<string, HostRecord>();
  const skipped: SshConfigImport['skipped'] = [];
  const expandPath = (p: string, alias: string, user: string): string => {
    const q = p.replace(/%d/g, home).replace(/%u/g, user).replace(/%h/g, alias).replace(/%%/g, '%');
    const t = q.startsWith('~/') ? join(home, q.slice(2)) : q === '~' ? home : q;
    return isAbsolute(t) ? t : join(home, t);
  };

  const visiting = new Set<string>();
  const recordFor = (alias: string, override: { user?: string; port?: number } = {}): HostRecord | string => {
    if (!HostName.safeParse(alias).success) return 'not a usable host name (letters, digits, ".", "_", "-")';
    if (visiting.has(alias)) return `ProxyJump loops back to ${alias}`;
    visiting.add(alias);
    try {
      return buildRecord(alias, override);
    } finally {
      visiting.delete(alias);
    }
  };

  const buildRecord = (alias: string, override: { user?: string; port?: number }): HostRecord | string => {
    const c = config.compute(alias, { matchExec: false, ignoreCase: true }) as Record<string, string | string[]>;
    const get = (k: string): string | undefined => first(c[k.toLowerCase()]);
    const user = override.user ?? get('User') ?? localUser;
    const hostName = (get('HostName') ?? alias).replace(/%h/g, alias).replace(/%%/g, '%');
    const port = override.port ?? Number(get('Port') ?? 22);
    if (get('ProxyCommand') && get('ProxyCommand')?.toLowerCase() !== 'none') warnings.push(`${alias}: ProxyCommand is not supported and was ignored`);
    const identity = c['identityfile'];
    const idFile = first(identity);
    const auth: HostAuth = idFile && idFile.toLowerCase() !== 'none' ? { kind: 'key', keyPath: expandPath(idFile, alias, user) } : { kind: 'agent' };
    if (Array.isArray(identity) && identity.length > 1) warnings.push(`${alias}: ${identity.length} IdentityFile entries, using the first (${idFile})`);
    const jumps: string[] = [];
    const proxyJump = get('ProxyJump');
    if (proxyJump && proxyJump.toLowerCase() !== 'none') {
      for (const spec of proxyJump.split(',')) {
        const hop = parseJumpHop(spec);
        const plainAlias = aliases.includes(hop.host) && !hop.user && !hop.port;
        const name = plainAlias ? hop.host : hopName(hop);
        if (!plainAlias && !hosts.has(name)) {
          const synthesized = recordFor(hop.host, { user: hop.user, port: hop.port });
          if (typeof synthesized === 'string') return `jump host ${spec}: ${synthesized}`;
          hosts.set(name, { ...synthesized, name });
          warnings.push(`${alias}: jump host ${spec} has no Host block of its own; added it as ${name}`);
        }
        jumps.push(name);
      }
    }
    const parsed = HostRecord.safeParse({ name: alias, address: hostName, port, user, auth, jump: jumps, tags: [] });
    if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return parsed.data;
  };

  for (const alias of aliases) {
    const r = recordFor(alias);
    if (typeof r === 'string') skipped.push({ name: alias, reason: r });
    else hosts.set(alias, r);
  }
  return { hosts: [...hosts.values()], skipped, warnings: [...new Set(warnings)] };
}

function hopName(hop: { user?: string; host: string; port?: number }): string {
  const suffix = [hop.user ? `-${hop.user}` : '', hop.port && hop.port !== 22 ? `-${hop.port}` : ''].join('');
  return `${hop.host}${suffix}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
