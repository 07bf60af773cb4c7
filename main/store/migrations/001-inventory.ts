// Hosts (and which are guests), platforms and what we learned about their endpoints. Secrets never live here: only references to them.
import type { Migration } from './migration.ts';

// A secret reference names where a credential lives in a SecretStore ("host:node01:password", "env:NODE_PW"),
// never the credential itself: the CHECK keeps a pasted key or password from being stored by mistake.
const secretRef = (col: string) =>
  `${col} TEXT CHECK (${col} IS NULL OR (${col} GLOB '[a-z]*:*' AND length(${col}) <= 1024 AND ${col} NOT LIKE '%PRIVATE KEY%'))`;

export const TECHNOLOGIES = ['native', 'hw-vm', 'full-virt', 'para-virt', 'os-level'] as const;
const technologyList = TECHNOLOGIES.map((t) => `'${t}'`).join(', ');

export const migration001: Migration = {
  version: 1,
  name: 'inventory',
  up(db) {
    db.exec(`
-- One row per machine we reach over SSH: bare-metal hosts and guests alike (see main/contract/hosts.ts HostRecord).
CREATE TABLE hosts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  port INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
  username TEXT NOT NULL,
  auth_kind TEXT NOT NULL CHECK (auth_kind IN ('key', 'agent', 'password', 'keyboard-interactive')),
  key_path TEXT,                        -- a path to a key file, not the key
  ${secretRef('secret_ref')},           -- password / keyboard-interactive answer
  ${secretRef('passphrase_ref')},       -- key passphrase
  jump_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(jump_json)),   -- ProxyJump chain of host names, first hop first
  tags_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags_json)),
  host_key_fingerprint TEXT,            -- pinned public host key fingerprint (SHA256:...), public information
  created_at INTEGER NOT NULL,          -- all *_at columns: Unix epoch milliseconds
  updated_at INTEGER NOT NULL
) STRICT;

-- A host that is a guest of another host, and how it is virtualized ('kvm', 'xen', 'lxc', ... as in the contract).
CREATE TABLE guests (
  host_id INTEGER PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
  parent_host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
  technology TEXT NOT NULL,
  CHECK (host_id <> parent_host_id)
) STRICT;
CREATE INDEX guests_by_parent ON guests(parent_host_id);

CREATE TABLE platforms (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  technology TEXT NOT NULL CHECK (technology IN (${technologyList})),
  product TEXT NOT NULL,                -- e.g. 'bare metal', 'Xen', 'KVM', 'OpenVZ', 'VMware Server'
  version TEXT,
  is_baseline INTEGER NOT NULL DEFAULT 0 CHECK (is_baseline IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

-- The machines a platform runs on (a bare-metal host for native, a guest otherwise), one per node in rank order.
CREATE TABLE platform_endpoints (
  id INTEGER PRIMARY KEY,
  platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
  host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL DEFAULT 0,
  UNIQUE (platform_id, ordinal)
) STRICT;
CREATE INDEX platform_endpoints_by_host ON platform_endpoints(host_id);

CREATE TABLE facts_snapshots (
  id INTEGER PRIMARY KEY,
  endpoint_id INTEGER NOT NULL REFERENCES platform_endpoints(id) ON DELETE CASCADE,
  taken_at INTEGER NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json))
) STRICT;
CREATE INDEX facts_snapshots_by_endpoint ON facts_snapshots(endpoint_id, taken_at);

CREATE TABLE install_records (
  id INTEGER PRIMARY KEY,
  endpoint_id INTEGER NOT NULL REFERENCES platform_endpoints(id) ON DELETE CASCADE,
  benchmark TEXT NOT NULL,
  version TEXT NOT NULL,
  method TEXT NOT NULL,                 -- e.g. 'package', 'source', 'preinstalled'
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX install_records_by_endpoint ON install_records(endpoint_id, benchmark, at);
`);
  },
};
