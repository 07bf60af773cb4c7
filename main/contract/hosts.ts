// Hosts (bare-metal nodes and the guests on them) and trusting their SSH host keys.
import { z } from 'zod';
import { procedure } from './procedure.ts';

/** A name a selector can use: no spaces, commas, brackets or glob characters. */
export const HostName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'use letters, digits, ".", "_" and "-" (starting with a letter or digit)');
/** A reference into a SecretStore (e.g. `host:node01:password`, `env:NODE_PW`), never the secret itself. */
export const SecretRef = z.string().min(1).max(1024);
export const Tag = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'tags are letters, digits, "_" and "-"');

export const HostAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyPath: z.string().min(1), passphraseRef: SecretRef.optional() }).strict(),
  z.object({ kind: z.literal('agent') }).strict(),
  z.object({ kind: z.literal('password'), secretRef: SecretRef }).strict(),
  z.object({ kind: z.literal('keyboard-interactive'), secretRef: SecretRef }).strict(),
]);
export type HostAuth = z.infer<typeof HostAuth>;

export const GuestTechnology = z.enum(['native', 'kvm', 'qemu', 'xen', 'lxc', 'docker', 'podman', 'openvz', 'vserver', 'namespace', 'other']);
export type GuestTechnology = z.infer<typeof GuestTechnology>;

/** DNS name, IPv4 or IPv6 address (with an optional zone): no spaces, newlines, escapes or a leading "-", since the
 * address is written into ssh arguments and the ssh_config VirtLab generates for MPI, where a newline adds a directive. */
export const HostAddress = z
  .string()
  .max(255)
  .regex(
    /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]+)?)$/,
    'a DNS name or IP address: letters, digits, ".", "-", "_" (or an IPv6 address), not starting with "-"',
  );
/** A login name as ssh and POSIX systems take it (domain users with "@" too); nothing ssh_config would read as syntax. */
export const HostUser = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._@-]*\$?$/, 'letters, digits, ".", "_", "-" and "@" (not starting with "-")');

export const HostRecord = z
  .object({
    name: HostName,
    /** DNS name or IP address to connect to. */
    address: HostAddress,
    port: z.number().int().min(1).max(65535).default(22),
    user: HostUser,
    auth: HostAuth,
    /** ProxyJump chain: names of other hosts, first hop first. */
    jump: z.array(HostName).default([]),
    tags: z.array(Tag).default([]),
    /** For a guest: the host it runs on, and how it is virtualized. */
    guestOf: HostName.optional(),
    technology: GuestTechnology.optional(),
  })
  .strict()
  .refine((h) => (h.guestOf === undefined) === (h.technology === undefined), {
    message: 'a guest needs both guestOf and technology',
    path: ['technology'],
  })
  .refine((h) => !h.jump.includes(h.name), { message: 'a host cannot jump through itself', path: ['jump'] });
export type HostRecord = z.infer<typeof HostRecord>;
export type HostRecordInput = z.input<typeof HostRecord>;

export const HostKeyPolicy = z.enum(['strict', 'ask', 'accept-new']);

export const HostKeyStatus = z.object({
  status: z.enum(['known', 'first-contact', 'confirmed', 'changed', 'revoked', 'unknown', 'declined', 'error']),
  keyType: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const HostCheckResult = z.object({
  name: HostName,
  ok: z.boolean(),
  hostKey: HostKeyStatus.optional(),
  /** Wall time to connect, authenticate and run `true`. */
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
});

export const SshConfigImportResult = z.object({
  /** Records made from concrete Host names (not yet saved unless `save` was true). */
  hosts: z.array(HostRecord),
  /** Host names not imported and why (e.g. no address, conflicting name). */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
});

const ByName = z.object({ name: HostName }).strict();

export const hostsProcedures = {
  'hosts.list': procedure(
    z.object({ selector: z.string().optional() }).strict(),
    z.array(HostRecord),
    'Hosts, optionally filtered by a selector (node[01-16], @gpu, node*).',
  ),
  'hosts.add': procedure(HostRecord, HostRecord, 'Add a host or guest.'),
  'hosts.update': procedure(z.object({ name: HostName, host: HostRecord }).strict(), HostRecord, 'Replace a host record (may rename it).'),
  'hosts.remove': procedure(ByName, z.object({ removed: z.boolean() }), 'Remove a host.'),
  'hosts.check': procedure(
    z.object({ selector: z.string() }).strict(),
    z.array(HostCheckResult),
    'Connect to each selected host: host key, authentication, round trip.',
  ),
  'hosts.importSshConfig': procedure(
    z.object({ path: z.string().optional(), text: z.string().optional(), save: z.boolean().default(false) }).strict(),
    SshConfigImportResult,
    'Read hosts from an OpenSSH client config (default ~/.ssh/config).',
    { dialog: 'open', field: 'path', title: 'Import hosts from an OpenSSH config' },
  ),
  'hosts.answerHostKey': procedure(
    z.object({ requestId: z.string().min(1), accept: z.boolean() }).strict(),
    z.object({ ok: z.boolean() }),
    'Answer a hosts.hostKeyPrompt: trust (and remember) the key or refuse it.',
  ),
};

export const HostKeyPrompt = z.object({
  requestId: z.string(),
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  /** `SHA256:...` as ssh-keygen -l prints it. */
  fingerprint: z.string(),
  /** Key types already on record for this host: a new type for a known host deserves a closer look. */
  otherKnownTypes: z.array(z.string()),
  /** When the question expires (ISO time); no answer means refuse. */
  expiresAt: z.string(),
});
export type HostKeyPrompt = z.infer<typeof HostKeyPrompt>;

export const hostsEvents = {
  'hosts.hostKeyPrompt': HostKeyPrompt,
  /** A host key recorded without asking (accept-new), or refused: shown to the user. */
  'hosts.hostKeyNotice': z.object({
    host: z.string(),
    port: z.number().int(),
    keyType: z.string(),
    fingerprint: z.string(),
    kind: z.enum(['first-contact', 'refused']),
    message: z.string(),
  }),
};
