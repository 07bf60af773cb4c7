// A run's collected output -> metrics stored the way the analysis figures read them (main/analysis/figures.ts):
// netperf at the message size, IOzone at the file size (KiB), NPB at the kernel (lower case; the node count is the
// run's own). A malformed output or an UNSUCCESSFUL NPB verification is a failed parse with the reason. Pure.
import { parseIozone } from '../../benchmarks/iozone/parse.ts';
import { netperfSelectors } from '../../benchmarks/netperf/command.ts';
import { parseNetperf } from '../../benchmarks/netperf/parse.ts';
import { parseNpb } from '../../benchmarks/npb/parse.ts';
import type { Metric } from '../../benchmarks/types.ts';
import type { Collected, DriverRun, ParsedMetric, ParseOutcome } from '../../campaigns/driver.ts';
import { splitPoints } from './job-script.ts';
import { runSpec, type RunSpec } from './spec.ts';

const stored = (m: Metric, point: string): ParsedMetric => ({ name: m.name, point, value: m.value, unit: m.unit, better: m.better });

function parseSection(spec: RunSpec, text: string, marker: Record<string, string | number>): { metrics: ParsedMetric[]; warnings: string[] } {
  switch (spec.kind) {
    case 'netperf': {
      const p = spec.params;
      const out = parseNetperf(text, { selectors: netperfSelectors(p), point: marker, ...(p.confidence ? { confidenceWidthPercent: p.confidence.widthPercent } : {}) });
      return { metrics: out.metrics.map((m) => stored(m, String(m.point.size ?? marker.size ?? ''))), warnings: out.warnings };
    }
    case 'iozone': {
      const out = parseIozone(text);
      return { metrics: out.metrics.map((m) => stored(m, String(m.point.fileSizeKB ?? marker.fileSizeKB ?? ''))), warnings: out.warnings };
    }
    case 'npb': {
      const out = parseNpb(text);
      const n = spec.npb;
      const kernel = String(out.info.kernel ?? n.kernel);
      if (kernel !== n.kernel) throw new Error(`the output is of NPB ${kernel}, the run asked for ${n.kernel}`);
      if (out.verified === false && !out.warnings.some((w) => /not performed/.test(w))) {
        const at = (name: string) => out.metrics.find((m) => m.name === name);
        const time = at('time');
        const mops = at('mops_total');
        const width = typeof out.info.processes === 'number' ? `${out.info.processes} processes` : typeof out.info.threads === 'number' ? `${out.info.threads} threads` : 'serial';
        throw new Error(`NPB ${kernel}.${String(out.info.class)} verification UNSUCCESSFUL (${width}): time ${time?.value ?? '?'} s, ${mops?.value ?? '?'} Mop/s total; numbers not stored`);
      }
      return { metrics: out.metrics.map((m) => stored(m, kernel.toLowerCase())), warnings: out.warnings };
    }
  }
}

export function parseRunOutput(run: DriverRun, collected: Collected): ParseOutcome {
  let spec: RunSpec;
  try { spec = runSpec(run); } catch (e) { return { ok: false, error: (e as Error).message }; }
  const sections = splitPoints(collected.stdout);
  if (sections.length === 0) return { ok: false, error: 'no measurement output (no point marker in the job output)' };
  const metrics: ParsedMetric[] = [];
  const warnings: string[] = [];
  for (const s of sections) {
    try {
      const out = parseSection(spec, s.text, s.point);
      metrics.push(...out.metrics);
      warnings.push(...out.warnings);
    } catch (e) {
      const where = Object.keys(s.point).length ? ` at ${JSON.stringify(s.point)}` : '';
      return { ok: false, error: `${(e as Error).message}${where}` };
    }
  }
  if (metrics.length === 0) return { ok: false, error: 'the output held no metric' };
  const seen = new Set<string>();
  for (const m of metrics) {
    const key = `${m.name}\u0000${m.point}`;
    if (seen.has(key)) return { ok: false, error: `metric ${m.name} at ${m.point || '(no point)'} measured twice in one run` };
    seen.add(key);
  }
  return { ok: true, metrics, ...(warnings.length ? { warnings } : {}) };
}
