// What a Charliecloud platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';

const absPath = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0]*$/, 'an absolute path');

export const charliecloudSettings = z
  .object({
    /** A root file system tarball on each host (the Debian rootfs recipe, or `ch-convert IMAGE x.tar`): VirtLab unpacks it
     * into the guest's folder on each host (its own writable copy, removed at the end) and runs every command on it. */
    imageArchive: absPath.describe("A root file system tarball on each host (e.g. from ch-convert): unpacked into the guest's folder, removed at the end."),
    mounts: z
      .array(z.object({ source: absPath, target: absPath, readOnly: z.boolean().default(false) }).strict())
      .max(32)
      .default([]),
    /** Where IOzone (any scratch-folder benchmark) writes: the unpacked image's own directory, or a bind-mounted host
     * folder. Both are on the host's file system here (ch-run has no overlay): the report says which one was used. */
    iozoneWrites: z
      .enum(['container', 'host-folder'])
      .default('container')
      .describe("container: the unpacked image's own folder; host-folder: a host folder mounted into it (both on the host's file system)."),
  })
  .strict();
export type CharliecloudSettings = z.infer<typeof charliecloudSettings>;
