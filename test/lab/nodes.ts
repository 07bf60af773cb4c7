// Per-endpoint files under .lab/hosts/<name>/: host key, sshd_config, minimal homes, private tmp, /etc/hosts.
import { chmodSync, chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureKey } from './keys.ts';
import type { PasswordUser } from './users.ts';

export interface NodeDirs {
  dir: string;
  home: string;
  users: string;
  tmp: string;
  hostKey: string;
  sshdConfig: string;
  pidFile: string;
  log: string;
  etcHosts: string;
}

export function nodeDirs(dir: string): NodeDirs {
  return {
    dir,
    home: resolve(dir, 'home'),
    users: resolve(dir, 'users'),
    tmp: resolve(dir, 'tmp'),
    hostKey: resolve(dir, 'ssh', 'ssh_host_ed25519_key'),
    sshdConfig: resolve(dir, 'sshd_config'),
    pidFile: resolve(dir, 'sshd.pid'),
    log: resolve(dir, 'sshd.log'),
    etcHosts: resolve(dir, 'etc-hosts'),
  };
}

export async function ensureNodeDirs(d: NodeDirs, name: string): Promise<void> {
  mkdirSync(d.home, { recursive: true, mode: 0o700 });
  mkdirSync(d.users, { recursive: true, mode: 0o755 });
  mkdirSync(d.tmp, { recursive: true });
  chmodSync(d.home, 0o700);
  chmodSync(d.tmp, 0o1777);
  await ensureKey(d.hostKey, `virtlab-lab host key ${name}`);
}

export function sshdConfig(d: NodeDirs): string {
  return [
    '# Written by test/lab/nodes.ts',
    'Port 22',
    'ListenAddress 0.0.0.0',
    `HostKey ${d.hostKey}`,
    `PidFile ${d.pidFile}`,
    'AuthorizedKeysFile .ssh/authorized_keys',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication yes',
    'UsePAM yes',
    'PermitRootLogin prohibit-password',
    'StrictModes yes',
    // Fan-out tests open many channels and connections at once.
    'MaxSessions 256',
    'MaxStartups 512:30:1024',
    'MaxAuthTries 10',
    'ClientAliveInterval 30',
    'ClientAliveCountMax 4',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    'AllowTcpForwarding yes',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

export interface HomeFiles {
  labKey: string;
  knownHosts: string;
  authorizedKeys: string;
}

/** A home with the lab key, authorized_keys and known_hosts, owned by uid. */
function writeHome(home: string, uid: number, f: HomeFiles): void {
  const ssh = resolve(home, '.ssh');
  mkdirSync(ssh, { recursive: true, mode: 0o700 });
  copyFileSync(f.labKey, resolve(ssh, 'id_ed25519'));
  copyFileSync(`${f.labKey}.pub`, resolve(ssh, 'id_ed25519.pub'));
  chmodSync(resolve(ssh, 'id_ed25519'), 0o600);
  writeFileSync(resolve(ssh, 'authorized_keys'), f.authorizedKeys, { mode: 0o600 });
  writeFileSync(resolve(ssh, 'known_hosts'), f.knownHosts, { mode: 0o644 });
  // Deliberately tiny start-up files: the image's root .bashrc runs pyenv init (~130 ms a command).
  writeFileSync(resolve(home, '.bashrc'), '# virtlab lab home\n');
  writeFileSync(resolve(home, '.profile'), '# virtlab lab home\n');
  for (const p of [
    home,
    ssh,
    resolve(ssh, 'id_ed25519'),
    resolve(ssh, 'id_ed25519.pub'),
    resolve(ssh, 'authorized_keys'),
    resolve(ssh, 'known_hosts'),
    resolve(home, '.bashrc'),
    resolve(home, '.profile'),
  ])
    chownSync(p, uid, uid);
}

export function writeHomes(d: NodeDirs, users: PasswordUser[], f: HomeFiles): void {
  writeHome(d.home, 0, f);
  for (const u of users) {
    const home = resolve(d.users, u.name);
    mkdirSync(home, { recursive: true, mode: 0o750 });
    writeHome(home, u.uid, f);
  }
}

/** Bind mounts (source, target) of a node's private files, applied inside its mount namespace. */
export function nodeMounts(d: NodeDirs): [string, string][] {
  return [
    [d.home, '/root'],
    [d.users, '/home'],
    [d.tmp, '/tmp'],
    [d.etcHosts, '/etc/hosts'],
  ];
}
