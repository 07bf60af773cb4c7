// Compare draws only panels with measurements: a figure of a benchmark not run is left out, one whose runs all failed
// is named once with its reasons, a figure with one empty panel keeps the others.
import { describe, expect, it } from 'vitest';
import type { FigureDataset, FigureFailure, FigurePanel } from '../../../../main/contract/results.ts';
import { drawnFigures } from '../../../../renderer/src/pages/compare/drawn-figures.ts';

const panel = (id: string, points: number): FigurePanel => ({
  id,
  title: id,
  xLabel: 'x',
  yLabel: 'y',
  scale: 'ratio',
  logX: false,
  series: [
    {
      platform: 'native',
      baseline: true,
      points: Array.from({ length: points }, (_, i) => ({ x: i, n: 3, mean: 1, ci: null, p: null, significant: false })) as never,
    },
  ],
});
const failure = (reason: string): FigureFailure => ({ platform: 'kvm', benchmark: 'iozone', x: '1024', nodeCount: 1, state: 'failed', reason, runIds: [1] });
const fig = (id: string, panels: FigurePanel[], failures: FigureFailure[] = []): FigureDataset => ({ id, title: `title ${id}`, panels, failures, missing: [] });

describe('figures the Compare page draws', () => {
  it('leaves out figures without measurements and names the failed ones once', () => {
    const { drawn, withoutData } = drawnFigures([
      fig('fig1a', [panel('latency', 3)]),
      fig('fig2', [panel('write', 0), panel('read', 0)], [failure('No space left on device'), failure('No space left on device'), failure('timeout')]),
      fig('hpcc', [panel('hpl', 0)]),
      fig('fig3', [panel('serial', 2), panel('omp', 0)]),
    ]);
    expect(drawn.map((f) => [f.id, f.panels.map((p) => p.id)])).toEqual([
      ['fig1a', ['latency']],
      ['fig3', ['serial']],
    ]);
    expect(withoutData).toEqual([{ id: 'fig2', title: 'title fig2', failures: 3, reasons: ['No space left on device', 'timeout'], notCompared: 0 }]);
  });
});
