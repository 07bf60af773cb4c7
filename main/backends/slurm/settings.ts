// What a platform or scenario says about the Slurm site its runs go to. Pure (zod only): every value ends up on an
// sbatch command line, so each is checked here against what Slurm accepts, and quoted later by main/ssh/quote.ts.
import { z } from 'zod';

/** Partition, account, QOS, constraint words: what Slurm names look like (no spaces, no shell syntax). */
const NAME = /^[A-Za-z0-9_.+-]{1,64}$/;
/** A feature expression (--constraint): names joined by & | , with optional [ ] ( ) and *counts. */
const CONSTRAINT = /^[A-Za-z0-9_.+\-&|,*[\]()]{1,256}$/;
/** sbatch options the backend sets itself (a second value would silently change what a run is). */
const OWNED = [
  '--job-name',
  '-J',
  '--output',
  '-o',
  '--error',
  '-e',
  '--parsable',
  '--wrap',
  '--comment',
  '--chdir',
  '-D',
  '--nodes',
  '-N',
  '--ntasks-per-node',
  '--ntasks',
  '-n',
  '--partition',
  '-p',
  '--account',
  '-A',
  '--qos',
  '-q',
  '--time',
  '-t',
  '--constraint',
  '-C',
  '--exclusive',
  '--array',
  '-a',
  '--dependency',
  '-d',
  '--hold',
  '-H',
  '--export',
  '--nodelist',
  '-w',
  '--requeue',
  '--no-requeue',
  '--test-only',
  '--wait',
  '-W',
  '--uid',
  '--gid',
  '--chdir',
];

/** One extra sbatch option: `--name` or `--name=value`, value without whitespace or control characters. */
const extraOption = z
  .string()
  .max(256)
  .refine((o) => /^--[a-z][a-z0-9-]*(=[^\s\p{Cc}]+)?$/u.test(o), {
    message: 'an extra sbatch option is one long option (--name or --name=value, no spaces)',
  })
  .refine((o) => !OWNED.includes(o.split('=')[0]!), {
    message: 'VirtLab sets this sbatch option itself (job name, output, nodes, partition, time...): use the setting for it',
  });

export const slurmSettingsSchema = z
  .object({
    /** Stored host name of the login endpoint jobs are submitted through (its verified SSH session). */
    login: z.string().min(1).max(253),
    partition: z.string().regex(NAME, 'a partition name: letters, digits, _ . + -').optional(),
    account: z.string().regex(NAME, 'an account name: letters, digits, _ . + -').optional(),
    qos: z.string().regex(NAME, 'a QOS name: letters, digits, _ . + -').optional(),
    /** Time limit of one run's job, minutes. */
    timeLimitMin: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30),
    constraint: z.string().regex(CONSTRAINT, 'a feature expression: names with & | , [ ] ( ) *').optional(),
    /** Whole nodes for every job (MPI jobs always ask for them). */
    exclusive: z.boolean().default(false),
    extraSbatch: z.array(extraOption).max(32).default([]),
    /** Absolute folder on the filesystem the login and compute nodes share: job folders and outputs go there. */
    workDir: z
      .string()
      .regex(/^\/[^\s\p{Cc}]*$/u, 'an absolute path without spaces')
      .refine((p) => !p.split('/').includes('..'), {
        message: 'no .. in the work folder',
      }),
    /** How MPI ranks start inside the allocation: Slurm's srun with PMIx, or the MPI's own mpirun. */
    mpiLauncher: z.enum(['srun-pmix', 'mpirun']).default('srun-pmix'),
    /** Open MPI ranks give up the CPU while they wait (MCA mpi_yield_when_idle): for nodes whose cores are shared with
     *  other nodes' ranks (oversubscribed), where busy-polling ranks starve the ones with work (the lab's 64 nodes on 2
     *  cores). Open MPI turns it on by itself only when one node has more ranks than cores. */
    mpiYieldWhenIdle: z.boolean().default(false),
  })
  .strict();

export type SlurmSettings = z.infer<typeof slurmSettingsSchema>;
export type SlurmSettingsInput = z.input<typeof slurmSettingsSchema>;

/** Parsed settings, or one sentence a person can act on. */
export function parseSlurmSettings(input: unknown): { ok: true; settings: SlurmSettings } | { ok: false; error: string } {
  const r = slurmSettingsSchema.safeParse(input);
  if (r.success) return { ok: true, settings: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ') };
}
