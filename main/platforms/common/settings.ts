// The settings every image-based container runtime shares (Docker, Podman): the image or the archive it imports,
// the bridge subnet, published ports, limits, privileged, mounts and where IOzone writes. Pure zod: the contract
// reaches it (the wizard draws the fields in the order they are spread). Also every provider's settings problems in
// plain words (plainIssueMessage).
import { z } from 'zod';

export const absPath = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0]*$/, 'an absolute path');
export const port = z.number().int().min(1024).max(65535);

/** The image: one the runtime has, or a root file system tarball on each host VirtLab imports under that name. */
export const imageFields = {
  image: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[a-z0-9][a-z0-9._/:@-]*$/, 'an image reference: lower-case letters, digits and . _ / : @ -'),
  /** A root file system tarball on each host (the Debian rootfs recipe) that VirtLab imports as `image`. */
  imageArchive: absPath
    .optional()
    .describe('A root file system tarball on each host that VirtLab imports under the name above; empty: the runtime has the image.'),
  /** Keep an image VirtLab imported after the campaign (by default it is removed with everything else). */
  keepImage: z.boolean().default(false).describe('Keep the image VirtLab imported after the campaign (by default it is removed).'),
};

/** Bridge networks: the platform's guests get /28 blocks of this /16 (common/names.ts); it must not overlap the
 * hosts' own networks. */
export const subnet16 = (example: string) =>
  z
    .string()
    .regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/, `a /16 such as ${example}`)
    .default(example)
    .describe("Bridge networks only: each host's container gets a small block of it; it must not overlap the hosts' own networks.");

/** Published ports, limits, privileged, mounts and where IOzone writes. */
export const guestFields = (defaultPorts: readonly [number, number]) => ({
  /** Host ports published to the same port in the container (slirp4netns, published); a server role (netserver) uses these. */
  ports: z
    .array(port)
    .max(16)
    .default([...defaultPorts])
    .describe('Host ports published to the same port in the container (slirp4netns, published): netserver listens on these.'),
  cpus: z.number().positive().max(4096).optional().describe('CPUs the container may use (fractions allowed); empty: no limit.'),
  memoryMiB: z
    .number()
    .int()
    .min(16)
    .max(16 * 1024 * 1024)
    .optional()
    .describe('Memory limit of the container; empty: no limit. Above what a host has is refused before any run.'),
  privileged: z.boolean().default(false).describe("All the host's devices and capabilities in the container; off: the runtime's defaults."),
  mounts: z
    .array(z.object({ source: absPath, target: absPath, readOnly: z.boolean().default(false) }).strict())
    .max(32)
    .default([])
    .describe('Host folders bind-mounted into each container: source on the host, target inside.'),
  /** Where IOzone (any scratch-folder benchmark) writes: the container's own file system, or a bind-mounted host folder. */
  iozoneWrites: z
    .enum(['container', 'host-folder'])
    .default('container')
    .describe(
      "container: the container's own file system; host-folder: a folder on the host's disk (in VirtLab's folder for the guest) bind-mounted into it. It changes what IOzone measures.",
    ),
});

// A zod issue of a provider's settings in plain words, as the wizard shows it next to the field and the CLI prints it:
// "required", "at least 16", "one of: bridge, host" instead of zod's "Invalid input: expected string, received
// undefined" or "Too small: expected number to be >=16". Messages a schema wrote itself (a regex's) are kept.
const count = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;

function bound(origin: string, limit: number | bigint, inclusive: boolean | undefined, low: boolean): string | undefined {
  if (origin === 'number' || origin === 'int' || origin === 'bigint')
    return low ? (inclusive ? `at least ${limit}` : `more than ${limit}`) : inclusive ? `at most ${limit}` : `less than ${limit}`;
  const unit = origin === 'string' ? 'character' : origin === 'array' || origin === 'set' ? 'item' : undefined;
  if (!unit) return undefined;
  const n = inclusive === false ? (low ? Number(limit) + 1 : Number(limit) - 1) : limit;
  return `${low ? 'at least' : 'at most'} ${count(n, unit)}`;
}

export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'required';
      return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, true) ?? issue.message;
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, false) ?? issue.message;
    case 'invalid_value':
      return `one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `not a setting of this provider: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
