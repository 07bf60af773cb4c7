// The add-host form's state and how it becomes a host record (main/contract/hosts.ts HostRecord).
import type { GuestTechnology, HostAuth, HostRecord, HostRecordInput } from '../../../../main/contract/hosts.ts';

export type AuthKind = HostAuth['kind'];

export interface HostFormState {
  name: string;
  address: string;
  port: number | '';
  user: string;
  authKind: AuthKind;
  keyPath: string;
  /** Typed here, stored in the core's secret store; the record keeps only its name. */
  password: string;
  jump: string;
  role: 'host' | 'guest';
  guestOf: string;
  technology: GuestTechnology;
  tags: string;
}

export const emptyHostForm = (): HostFormState => ({
  name: '',
  address: '',
  port: 22,
  user: 'root',
  authKind: 'key',
  keyPath: '',
  password: '',
  jump: '',
  role: 'host',
  guestOf: '',
  technology: 'lxc',
  tags: '',
});

export const passwordSecretName = (host: string): string => `host:${host}:password`;

/** The record to save; `issues` are problems found before asking the core (empty fields). */
export function formToRecord(f: HostFormState): { record: HostRecordInput; issues: { path: string; message: string }[] } {
  const issues: { path: string; message: string }[] = [];
  const need = (value: string, path: string, what: string) => {
    if (value.trim() === '') issues.push({ path, message: `${what} is required` });
  };
  need(f.name, 'name', 'A name');
  need(f.address, 'address', 'An address');
  need(f.user, 'user', 'A user');
  if (f.port === '') issues.push({ path: 'port', message: 'A port is required (22 for ssh)' });
  let auth: HostAuth;
  switch (f.authKind) {
    case 'key':
      need(f.keyPath, 'auth.keyPath', 'The private key path');
      auth = { kind: 'key', keyPath: f.keyPath.trim() };
      break;
    case 'agent':
      auth = { kind: 'agent' };
      break;
    default:
      auth = { kind: f.authKind, secretRef: passwordSecretName(f.name.trim()) };
  }
  if (f.role === 'guest') need(f.guestOf, 'guestOf', 'The host this guest runs on');
  const record: HostRecordInput = {
    name: f.name.trim(),
    address: f.address.trim(),
    port: f.port === '' ? 22 : f.port,
    user: f.user.trim(),
    auth,
    jump: f.jump.split(/[\s,]+/).filter(Boolean),
    tags: f.tags.split(/[\s,]+/).filter(Boolean),
    ...(f.role === 'guest' ? { guestOf: f.guestOf, technology: f.technology } : {}),
  };
  return { record, issues };
}

export function recordToForm(h: HostRecord): HostFormState {
  return {
    ...emptyHostForm(),
    name: h.name,
    address: h.address,
    port: h.port,
    user: h.user,
    authKind: h.auth.kind,
    keyPath: h.auth.kind === 'key' ? h.auth.keyPath : '',
    jump: h.jump.join(', '),
    tags: h.tags.join(', '),
    role: h.guestOf ? 'guest' : 'host',
    guestOf: h.guestOf ?? '',
    technology: h.technology ?? 'lxc',
  };
}
