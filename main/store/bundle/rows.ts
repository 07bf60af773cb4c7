// Every row of a bundle is checked with the schemas live data is held to before anything is imported: a bundle is
// untrusted input (its checksum proves nothing), and a platform or scenario that could never have been saved here
// would break every later list of them.
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { PlatformDefinition, ScenarioName } from '../../contract/scenarios.ts';
import { MAX_RAW_LOG_BYTES } from '../repos/raw-logs.ts';
import { BundleError } from './format.ts';

/** Checks a stored scenario definition the way a saved one is checked (main/scenarios/validate.ts, given by the caller:
 * the store does not know scenarios): its name, or the first problem. */
export type ScenarioCheck = (definition: unknown) => { ok: true; name: string } | { ok: false; problem: string };

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not a UUID');
const Ms = z.number().int().min(0).max(8.64e15);
/** C0 (but tab and line feed), DEL and C1: what no name or detail VirtLab writes contains. */
const hasControl = (s: string) =>
  [...s].some((ch) => {
    const c = ch.charCodeAt(0);
    return (c < 0x20 && c !== 9 && c !== 10) || (c >= 0x7f && c <= 0x9f);
  });
const Text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControl(s), 'holds control characters');
const Json = (shape: z.ZodType) =>
  z
    .string()
    .max(1_000_000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(shape);

const Platform = z.object({
  name: PlatformDefinition.shape.name,
  technology: PlatformDefinition.shape.technology,
  product: PlatformDefinition.shape.product,
  version: PlatformDefinition.shape.version.unwrap().nullable(),
  is_baseline: z.union([z.literal(0), z.literal(1)]),
});
const Scenario = z.object({ uuid: Uuid, name: ScenarioName, version: z.number().int().min(1), json: z.string().max(1_000_000), created_at: Ms });
const Campaign = z.object({
  uuid: Uuid,
  name: Text(200).pipe(z.string().min(1)),
  created_at: Ms,
  started_at: Ms.nullable(),
  ended_at: Ms.nullable(),
  seed: z.number().int().min(0).max(0xffffffff).nullable(),
  options_json: Json(z.record(z.string(), z.unknown())),
});
const Run = z.object({
  uuid: Uuid,
  plan_index: z.number().int().min(0),
  benchmark: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  params_json: Json(z.record(z.string(), z.unknown())),
  repetition: z.number().int().min(0),
  node_count: z.number().int().min(1).max(100_000),
  attempt: z.number().int().min(1).max(1000),
  remote_run_id: Text(200).nullable(),
  endpoints_json: Json(z.array(z.unknown())).nullable(),
  estimate_sec: z.number().min(0).nullable(),
  command: Text(100_000).nullable(),
  benchmark_version: Text(400).nullable(),
  compiler_version: Text(400).nullable(),
  started_at: Ms.nullable(),
  ended_at: Ms.nullable(),
  error: z.string().max(100_000).nullable(),
});
const Metric = z.object({
  name: Text(120).pipe(z.string().min(1)),
  point: Text(200),
  value: z.number().finite(),
  unit: Text(40),
  better: z.enum(['lower', 'higher']),
});
const RawLog = z.object({
  stream: Text(80).pipe(z.string().min(1)),
  encoding: z.literal('deflate'),
  size: z.number().int().min(0).max(MAX_RAW_LOG_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: Ms,
});
const Transition = z.object({ seq: z.number().int(), at: Ms, detail: z.string().max(100_000).nullable() });

const TABLES: [string, z.ZodType, string][] = [
  ['platforms', Platform, 'name'],
  ['scenarios', Scenario, 'uuid'],
  ['campaigns', Campaign, 'uuid'],
  ['runs', Run, 'uuid'],
  ['metrics', Metric, 'run_uuid'],
  ['raw_logs', RawLog, 'run_uuid'],
  ['run_transitions', Transition, 'run_uuid'],
];

/** Throws BundleError naming the first bad row and field. */
export function checkBundleRows(b: Database, path: string, checkScenario: ScenarioCheck): void {
  for (const [table, schema, id] of TABLES) {
    for (const row of b.prepare(`SELECT * FROM ${table}`).iterate() as IterableIterator<Record<string, unknown>>) {
      const r = schema.safeParse(row);
      if (!r.success) {
        const i = r.error.issues[0]!;
        throw new BundleError(`${path}: ${table} row ${JSON.stringify(String(row[id]).slice(0, 80))} is not valid: ${i.path.join('.') || table}: ${i.message}`);
      }
      if (table === 'raw_logs') checkRawLog(row, path);
      if (table === 'scenarios') {
        const s = row as z.infer<typeof Scenario>;
        let def: unknown;
        try {
          def = JSON.parse(s.json);
        } catch {
          throw new BundleError(`${path}: scenario ${s.name} is not JSON`);
        }
        const v = checkScenario(def);
        if (!v.ok) throw new BundleError(`${path}: scenario ${s.name} is not valid: ${v.problem}`);
        if (v.name !== s.name) throw new BundleError(`${path}: scenario ${s.name} holds a scenario named ${JSON.stringify(v.name)}`);
      }
    }
  }
}

/** A raw log must inflate to exactly the size it records (never past it: the bound is the recorded size, itself at
 * most MAX_RAW_LOG_BYTES) with the SHA-256 it records, or it is a decompression bomb or a corrupt log. */
function checkRawLog(row: Record<string, unknown>, path: string): void {
  const what = `${path}: raw log ${String(row['stream'])} of run ${String(row['run_uuid'])}`;
  if (!Buffer.isBuffer(row['data'])) throw new BundleError(`${what} holds no data`);
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(row['data'], { maxOutputLength: Math.max(1, row['size'] as number) });
  } catch (e) {
    throw new BundleError(
      `${what} is corrupt: ${(e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'it inflates past its recorded size' : (e as Error).message}`,
    );
  }
  if (bytes.byteLength !== row['size'] || createHash('sha256').update(bytes).digest('hex') !== row['sha256'])
    throw new BundleError(`${what} is corrupt: its size or checksum does not match`);
}
