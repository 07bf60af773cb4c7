// Settings the user manages from the UI: the app's known host keys and which secrets exist (by name only).
import { z } from 'zod';
import { procedure } from './procedure.ts';

export const KnownHostEntry = z.object({
  /** Line in <dataDir>/known_hosts, 1-based. */
  lineNo: z.number().int(),
  /** The host field as written: `name`, `[name]:port`, a comma list, or a hashed `|1|...`. */
  hosts: z.string(),
  hashed: z.boolean(),
  marker: z.enum(['revoked', 'cert-authority']).optional(),
  keyType: z.string(),
  /** `SHA256:...` as ssh-keygen -l prints it. */
  fingerprint: z.string(),
});
export type KnownHostEntry = z.infer<typeof KnownHostEntry>;

export const settingsProcedures = {
  'settings.knownHosts.list': procedure(
    z.object({}).strict(),
    z.object({ path: z.string(), entries: z.array(KnownHostEntry), invalidLines: z.number().int() }),
    'Host keys VirtLab trusts (its own known_hosts file), with their fingerprints.',
  ),
  'settings.knownHosts.remove': procedure(
    z.object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535).default(22) }).strict(),
    z.object({ removed: z.array(z.object({ keyType: z.string(), fingerprint: z.string() })) }),
    'Forget every key recorded for a host (like ssh-keygen -R); the next connection asks again.',
  ),
  'settings.secrets.list': procedure(
    z.object({}).strict(),
    z.object({ store: z.string(), names: z.array(z.string()) }),
    'Names of the stored secrets (never their values) and the kind of store holding them.',
  ),
  'settings.secrets.set': procedure(
    z.object({ name: z.string().min(1).max(1024), value: z.string().min(1).max(65_536) }).strict(),
    z.object({ name: z.string() }),
    'Store a secret (e.g. a host password) under a name that host records refer to.',
  ),
  'settings.secrets.forget': procedure(z.object({ name: z.string().min(1).max(1024) }).strict(), z.object({ removed: z.boolean() }), 'Forget a stored secret.'),
};
