// A run's collected output -> stored metrics: the job's stdout split at the point markers, each section parsed by
// the run's module. A malformed output (or an NPB verification that failed) is a failed parse with the reason. Pure.
import type { Collected, DriverRun, ParsedMetric, ParseOutcome } from '../../campaigns/driver.ts';
import { splitPoints } from './job-script.ts';
import { runSpec, type RunSpec } from './spec.ts';

export function parseRunOutput(run: DriverRun, collected: Collected): ParseOutcome {
  let spec: RunSpec;
  try {
    spec = runSpec(run);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const sections = splitPoints(collected.stdout);
  if (sections.length === 0) return { ok: false, error: 'no measurement output (no point marker in the job output)' };
  const metrics: ParsedMetric[] = [];
  const warnings: string[] = [];
  for (const s of sections) {
    try {
      const out = spec.module.parse(s.text, s.point, spec.params);
      metrics.push(...out.metrics);
      warnings.push(...out.warnings);
    } catch (e) {
      const where = Object.keys(s.point).length ? ` at ${JSON.stringify(s.point)}` : '';
      return { ok: false, error: `${(e as Error).message}${where}` };
    }
  }
  if (metrics.length === 0) return { ok: false, error: 'the output held no metric' };
  // One point rule for every driver (main/benchmarks/module.ts pointKey): an output at another point than the run's
  // (an IOzone output of several file sizes for a run of one) is not this run's measurement.
  if (!spec.module.pointsFromOutput) {
    const key = spec.module.pointKey(spec.params);
    const other = metrics.find((m) => m.point !== key);
    if (other)
      return {
        ok: false,
        error: `the output has ${other.name} at ${other.point || '(no point)'}, but the run is at ${key || '(no point)'}: not this run's measurement`,
      };
  }
  const seen = new Set<string>();
  for (const m of metrics) {
    const key = `${m.name}\u0000${m.point}`;
    if (seen.has(key)) return { ok: false, error: `metric ${m.name} at ${m.point || '(no point)'} measured twice in one run` };
    seen.add(key);
  }
  return { ok: true, metrics, ...(warnings.length ? { warnings } : {}) };
}
