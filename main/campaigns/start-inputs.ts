// Everything a campaign is started with, stored with it when it starts (main/store/repos/campaign-inputs.ts), so
// `campaign resume`, the Runs page's Resume and a resume after a crash run with exactly the same inputs.
// Secrets are stored as references (env:VAR, keychain names), never values.
import { runParams } from '../benchmarks/registry.ts';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { PlanEntry } from '../contract/scenarios.ts';
import { knownHostsFile } from '../config/data-dir.ts';
import type { Repos } from '../store/repos/index.ts';
import { InputProblem } from './input-problem.ts';
import { fingerprintNpbFile, keepNpbCopy } from './npb-source-input.ts';

const NpbFileInput = z.object({
  kind: z.literal('file'),
  /** Absolute path the runs upload from (the copy in the data folder for a self-contained campaign). */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  /** For a self-contained campaign: where the user's tarball was when it was copied. */
  copiedFrom: z.string().optional(),
});
const NpbUrlInput = z.object({
  kind: z.literal('url'),
  url: z.string(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const StartInputs = z.object({
  version: z.literal(1),
  driver: z.object({ kind: z.string(), command: z.string().optional() }),
  knownHostsPath: z.string(),
  npbSource: z.union([NpbFileInput, NpbUrlInput]).optional(),
  selfContained: z.boolean(),
  pollMs: z.number().int().positive().optional(),
  /** Secret references the campaign's endpoints authenticate with, and what each is for (never a value). */
  secrets: z.array(z.object({ ref: z.string(), use: z.string() })),
});
export type StartInputs = z.infer<typeof StartInputs>;
export type NpbInput = NonNullable<StartInputs['npbSource']>;

/** Options of `virtlab scenario run` / `campaign resume` and of the wizard's start, as given (all optional). */
export interface StartOptions {
  driver?: string;
  command?: string;
  knownHostsPath?: string;
  /** A tarball path or an http(s)/ftp URL. */
  npbSource?: string;
  selfContained?: boolean;
  pollMs?: number;
}

export const isUrl = (text: string): boolean => /^(https?|ftp):\/\//.test(text);

/** Secret references of every endpoint (and jump host) of the platforms a plan uses. */
export function secretRefsOf(repos: Repos, platforms: readonly string[]): StartInputs['secrets'] {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const h = repos.hosts.get(name);
    if (!h) return;
    const a = h.auth;
    if ((a.kind === 'password' || a.kind === 'keyboard-interactive') && !out.has(a.secretRef)) out.set(a.secretRef, `password of ${h.name}`);
    if (a.kind === 'key' && a.passphraseRef && !out.has(a.passphraseRef)) out.set(a.passphraseRef, `key passphrase of ${h.name}`);
    for (const j of h.jump) visit(j);
  };
  for (const p of repos.platforms.list().filter((x) => platforms.includes(x.name))) {
    const hostNames = new Map(repos.hosts.list().map((h) => [h.id, h.name]));
    for (const e of repos.platforms.listEndpoints(p.id)) visit(hostNames.get(e.hostId) ?? '');
  }
  return [...out].map(([ref, use]) => ({ ref, use }));
}

export interface StartContext {
  dataDir: string;
  env: Record<string, string | undefined>;
  repos: Repos;
}

/** A plan entry whose benchmark module builds it from the NPB source tarball (its 'npb-source' build requirement). */
function buildsFromNpbSource(e: PlanEntry): boolean {
  const r = runParams(e.benchmark, e.params as Record<string, unknown>);
  return 'params' in r && r.module.requirements(r.params).some((q) => q.kind === 'build' && q.builder === 'npb-source');
}

/**
 * The inputs a new campaign of this plan is stored with: defaults filled in, the NPB tarball's sha256 and size taken
 * (and a copy kept in the data folder when self-contained). Refuses, before anything is stored, a plan with NPB runs
 * and no NPB source for the benchmark driver, and a tarball that cannot be read.
 */
export async function prepareStartInputs(o: StartOptions, entries: readonly PlanEntry[], ctx: StartContext): Promise<StartInputs> {
  const driver = o.driver ?? 'benchmark';
  const sourceText = o.npbSource ?? ctx.env['VIRTLAB_NPB_SOURCE'];
  const npbRuns = entries.filter(buildsFromNpbSource).length;
  if (driver === 'benchmark' && npbRuns > 0 && !sourceText) {
    throw new InputProblem(
      `This scenario has ${npbRuns} NPB run(s) but no NPB source: give --npb-source with the NPB tarball or its http(s) URL (or set VIRTLAB_NPB_SOURCE).`,
    );
  }
  let npbSource: NpbInput | undefined;
  if (sourceText && driver === 'benchmark') {
    if (isUrl(sourceText)) {
      npbSource = o.selfContained ? await keepNpbCopy({ url: sourceText }, ctx.dataDir) : { kind: 'url', url: sourceText };
    } else {
      const path = isAbsolute(sourceText) ? sourceText : resolve(sourceText);
      npbSource = o.selfContained ? await keepNpbCopy({ path }, ctx.dataDir) : { kind: 'file', path, ...(await fingerprintNpbFile(path)) };
    }
  }
  const platforms = [...new Set(entries.map((e) => e.platform))];
  return {
    version: 1,
    driver: { kind: driver, ...(o.command !== undefined ? { command: o.command } : {}) },
    knownHostsPath: resolve(o.knownHostsPath ?? knownHostsFile(ctx.dataDir)),
    ...(npbSource ? { npbSource } : {}),
    selfContained: o.selfContained ?? false,
    ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
    secrets: secretRefsOf(ctx.repos, platforms),
  };
}

/** The stored inputs of a campaign, or undefined for one started before they were kept. */
export function storedInputs(repos: Repos, campaignId: number): StartInputs | undefined {
  const raw = repos.campaignInputs.get(campaignId);
  if (raw === undefined) return undefined;
  const parsed = StartInputs.safeParse(raw);
  if (!parsed.success) throw new Error(`the stored start inputs of campaign ${campaignId} are not readable: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** How an NPB input reads in a sentence. */
export const describeNpb = (n: NpbInput): string => (n.kind === 'url' ? n.url : n.path);
