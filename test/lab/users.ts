// Lab copies of /etc/passwd, shadow, group, the sshd PAM stack and a sudoers drop-in, bind-mounted inside
// every host's and guest's mount namespace: the machine's own files are never written.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { run, tryRun } from './exec.ts';

export type SudoMode = 'password' | 'nopasswd' | 'none';

export interface PasswordUser {
  name: string;
  password: string;
  sudo: SudoMode;
  uid: number;
  home: string;
}

export const LAB_USERS: { name: string; sudo: Exclude<SudoMode, 'none'> }[] = [
  { name: 'vlab', sudo: 'password' },
  { name: 'vlabnp', sudo: 'nopasswd' },
];

export async function sudoInstalled(): Promise<boolean> {
  return (await tryRun('which', ['sudo'])) !== undefined && existsSync('/etc/sudoers.d');
}

function freeIds(passwd: string, group: string, count: number): number[] {
  const used = new Set<number>();
  for (const line of [...passwd.split('\n'), ...group.split('\n')]) {
    const id = Number(line.split(':')[2]);
    if (Number.isInteger(id)) used.add(id);
  }
  const ids: number[] = [];
  for (let id = 2901; ids.length < count; id++) if (!used.has(id)) ids.push(id);
  return ids;
}

async function sha512Crypt(password: string): Promise<string> {
  return (await run('openssl', ['passwd', '-6', '-stdin'], password)).stdout.trim();
}

export const newPassword = (): string => `vl-${randomBytes(9).toString('base64url')}`;

/** Writes etc/{passwd,shadow,group,pam.d-sshd,sudoers.d/} under etcDir; returns the users with their uids. */
export async function writeEtc(etcDir: string, passwords: Record<string, string>, withSudo: boolean): Promise<PasswordUser[]> {
  mkdirSync(etcDir, { recursive: true });
  const strip = (text: string) => text.split('\n').filter((l) => l && !LAB_USERS.some((u) => l.startsWith(`${u.name}:`)));
  const passwd = strip(readFileSync('/etc/passwd', 'utf8'));
  const shadow = strip(readFileSync('/etc/shadow', 'utf8'));
  const group = strip(readFileSync('/etc/group', 'utf8'));
  const ids = freeIds(passwd.join('\n'), group.join('\n'), LAB_USERS.length);
  const users: PasswordUser[] = [];
  for (const [k, u] of LAB_USERS.entries()) {
    const uid = ids[k]!;
    const password = passwords[u.name]!;
    const home = `/home/${u.name}`;
    passwd.push(`${u.name}:x:${uid}:${uid}:VirtLab lab user:${home}:/bin/bash`);
    shadow.push(`${u.name}:${await sha512Crypt(password)}:19000:0:99999:7:::`);
    group.push(`${u.name}:x:${uid}:`);
    users.push({ name: u.name, password, sudo: withSudo ? u.sudo : 'none', uid, home });
  }
  writeFileSync(resolve(etcDir, 'passwd'), passwd.join('\n') + '\n', { mode: 0o644 });
  writeFileSync(resolve(etcDir, 'shadow'), shadow.join('\n') + '\n', { mode: 0o640 });
  writeFileSync(resolve(etcDir, 'group'), group.join('\n') + '\n', { mode: 0o644 });
  // A short PAM stack: no pam_loginuid (fails in namespaces), no motd scripts (slow), shadow via pam_unix.
  writeFileSync(
    resolve(etcDir, 'pam.d-sshd'),
    ['auth     required pam_unix.so', 'account  required pam_unix.so', 'password required pam_unix.so', 'session  required pam_unix.so', ''].join('\n'),
  );
  if (withSudo) {
    mkdirSync(resolve(etcDir, 'sudoers.d'), { recursive: true, mode: 0o755 });
    const rules = LAB_USERS.map((u) => `${u.name} ALL=(ALL:ALL) ${u.sudo === 'nopasswd' ? 'NOPASSWD: ' : ''}ALL`);
    writeFileSync(resolve(etcDir, 'sudoers.d', 'virtlab-lab'), rules.join('\n') + '\n', { mode: 0o440 });
  }
  return users;
}

/** Bind mounts (source, target) that give a node the lab users; run inside its private mount namespace. */
export function etcMounts(etcDir: string, withSudo: boolean): [string, string][] {
  const m: [string, string][] = [
    [resolve(etcDir, 'passwd'), '/etc/passwd'],
    [resolve(etcDir, 'shadow'), '/etc/shadow'],
    [resolve(etcDir, 'group'), '/etc/group'],
    [resolve(etcDir, 'pam.d-sshd'), '/etc/pam.d/sshd'],
  ];
  if (withSudo) m.push([resolve(etcDir, 'sudoers.d'), '/etc/sudoers.d']);
  return m;
}
