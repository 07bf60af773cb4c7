// Hosts as the contract describes them (main/contract/hosts.ts HostRecord), guests included.
// Only secret references are stored; the schema refuses anything that does not look like one.
import type { Database, Statement } from 'better-sqlite3';
import type { HostRecord } from '../../contract/hosts.ts';

export interface StoredHost extends HostRecord {
  id: number;
  hostKeyFingerprint: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  name: string;
  address: string;
  port: number;
  username: string;
  auth_kind: HostRecord['auth']['kind'];
  key_path: string | null;
  secret_ref: string | null;
  passphrase_ref: string | null;
  jump_json: string;
  tags_json: string;
  host_key_fingerprint: string | null;
  created_at: number;
  updated_at: number;
  guest_of: string | null;
  technology: string | null;
}

const SECRET_REF = /^[a-z][^:]*:/;

function authOf(r: Row): HostRecord['auth'] {
  switch (r.auth_kind) {
    case 'key':
      return r.passphrase_ref ? { kind: 'key', keyPath: r.key_path ?? '', passphraseRef: r.passphrase_ref } : { kind: 'key', keyPath: r.key_path ?? '' };
    case 'agent':
      return { kind: 'agent' };
    case 'password':
      return { kind: 'password', secretRef: r.secret_ref ?? '' };
    case 'keyboard-interactive':
      return { kind: 'keyboard-interactive', secretRef: r.secret_ref ?? '' };
  }
}

const toHost = (r: Row): StoredHost => ({
  id: r.id,
  name: r.name,
  address: r.address,
  port: r.port,
  user: r.username,
  auth: authOf(r),
  jump: JSON.parse(r.jump_json) as string[],
  tags: JSON.parse(r.tags_json) as string[],
  ...(r.guest_of !== null ? { guestOf: r.guest_of, technology: r.technology as HostRecord['technology'] } : {}),
  hostKeyFingerprint: r.host_key_fingerprint,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const SELECT = `SELECT h.*, parent.name AS guest_of, g.technology AS technology FROM hosts h
  LEFT JOIN guests g ON g.host_id = h.id LEFT JOIN hosts parent ON parent.id = g.parent_host_id`;

export function createHostsRepo(db: Database, now: () => number = Date.now) {
  const upsert =
    db.prepare(`INSERT INTO hosts (name, address, port, username, auth_kind, key_path, secret_ref, passphrase_ref, jump_json, tags_json, created_at, updated_at)
    VALUES (@name, @address, @port, @username, @authKind, @keyPath, @secretRef, @passphraseRef, @jump, @tags, @at, @at)
    ON CONFLICT (name) DO UPDATE SET address = excluded.address, port = excluded.port, username = excluded.username,
      auth_kind = excluded.auth_kind, key_path = excluded.key_path, secret_ref = excluded.secret_ref, passphrase_ref = excluded.passphrase_ref,
      jump_json = excluded.jump_json, tags_json = excluded.tags_json, updated_at = excluded.updated_at
    RETURNING id`);
  const idByName = db.prepare('SELECT id FROM hosts WHERE name = ?') as Statement<[string], { id: number }>;
  const setGuest = db.prepare(`INSERT INTO guests (host_id, parent_host_id, technology) VALUES (?, ?, ?)
    ON CONFLICT (host_id) DO UPDATE SET parent_host_id = excluded.parent_host_id, technology = excluded.technology`);
  const clearGuest = db.prepare('DELETE FROM guests WHERE host_id = ?');
  const byName = db.prepare(`${SELECT} WHERE h.name = ?`) as Statement<[string], Row>;
  const all = db.prepare(`${SELECT} ORDER BY h.name`) as Statement<[], Row>;
  const guestsOf = db.prepare(`${SELECT} WHERE g.parent_host_id = (SELECT id FROM hosts WHERE name = ?) ORDER BY h.name`) as Statement<[string], Row>;
  const remove = db.prepare('DELETE FROM hosts WHERE name = ?');
  const setFingerprint = db.prepare('UPDATE hosts SET host_key_fingerprint = ?, updated_at = ? WHERE name = ?');

  const save = db.transaction((h: HostRecord): number => {
    const a = h.auth;
    const secretRef = a.kind === 'password' || a.kind === 'keyboard-interactive' ? a.secretRef : null;
    const passphraseRef = a.kind === 'key' ? (a.passphraseRef ?? null) : null;
    for (const ref of [secretRef, passphraseRef]) {
      if (ref !== null && !SECRET_REF.test(ref))
        throw new RangeError(`host ${h.name}: a secret reference looks like "scheme:name" (e.g. host:${h.name}:password), never the secret itself`);
    }
    const { id } = upsert.get({
      name: h.name,
      address: h.address,
      port: h.port,
      username: h.user,
      authKind: a.kind,
      keyPath: a.kind === 'key' ? a.keyPath : null,
      secretRef,
      passphraseRef,
      jump: JSON.stringify(h.jump),
      tags: JSON.stringify(h.tags),
      at: now(),
    }) as { id: number };
    if (h.guestOf !== undefined && h.technology !== undefined) {
      const parent = idByName.get(h.guestOf);
      if (!parent) throw new RangeError(`host ${h.name} is a guest of ${h.guestOf}, which is not saved`);
      setGuest.run(id, parent.id, h.technology);
    } else {
      clearGuest.run(id);
    }
    return id;
  });

  return {
    /** Creates or replaces a host by name (and its guest relation); returns its id. */
    save: (h: HostRecord): number => save.immediate(h),
    get: (name: string): StoredHost | undefined => {
      const r = byName.get(name);
      return r ? toHost(r) : undefined;
    },
    idOf: (name: string): number | undefined => idByName.get(name)?.id,
    list: (): StoredHost[] => all.all().map(toHost),
    listGuests: (parentName: string): StoredHost[] => guestsOf.all(parentName).map(toHost),
    /** Removes the host with its guest relation and platform endpoints (the platforms and their results stay). */
    remove: (name: string): boolean => remove.run(name).changes === 1,
    setHostKeyFingerprint: (name: string, fingerprint: string | null): boolean => setFingerprint.run(fingerprint, now(), name).changes === 1,
  };
}
export type HostsRepo = ReturnType<typeof createHostsRepo>;
