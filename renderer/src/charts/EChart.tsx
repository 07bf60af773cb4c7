// One ECharts instance bound to a div: option in, 'finished' reported (data-drawn counts draws, for tests and the
// bench), resized with its box, disposed with the component. PNG/SVG export buttons when `exportName` is given.
// The first draw waits its turn in the draw queue (charts on screen first). Hidden platforms are applied as legend
// actions on the live chart, so a platform toggle never rebuilds or re-sets the option.
import { useEffect, useRef } from 'react';
import { echarts } from './echarts.ts';
import { chartPng, download, optionSvg } from './export.ts';
import { queueFirstDraw } from './draw-queue.ts';

export interface EChartProps {
  option: Record<string, unknown>;
  /** Accessible name of the figure. */
  label: string;
  height?: number;
  renderer?: 'canvas' | 'svg';
  exportName?: string;
  onFinished?: () => void;
  testId?: string;
  /** Legend entries (platforms) to show unselected; applied without touching the option. */
  hidden?: ReadonlySet<string>;
  /** A legend entry was clicked in the chart (or set by a toggle): lets the page keep every chart in step. */
  onLegendChange?: (name: string, selected: boolean) => void;
}

const NONE: ReadonlySet<string> = new Set();

function legendNames(option: Record<string, unknown>): string[] {
  const legend = option.legend as { data?: unknown[] } | undefined;
  return (legend?.data ?? []).map(String);
}

/** The option with the legend selection of `hidden` (the option object itself stays untouched for memoization). */
function withSelection(option: Record<string, unknown>, hidden: ReadonlySet<string>): Record<string, unknown> {
  const names = legendNames(option);
  if (names.length === 0) return option;
  const legend = option.legend as Record<string, unknown>;
  return { ...option, legend: { ...legend, selected: Object.fromEntries(names.map((n) => [n, !hidden.has(n)])) } };
}

export function EChart({ option, label, height = 320, renderer = 'canvas', exportName, onFinished, testId, hidden = NONE, onLegendChange }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const legendChanged = useRef(onLegendChange);
  legendChanged.current = onLegendChange;
  const latest = useRef({ option, hidden });
  latest.current = { option, hidden };
  /** What the chart shows now: the option set last and the platforms unselected in its legend. */
  const shown = useRef<{ option?: Record<string, unknown>; hidden: ReadonlySet<string> }>({ hidden: NONE });

  useEffect(() => {
    const el = box.current!;
    let c: echarts.ECharts | undefined;
    let observer: ResizeObserver | undefined;
    const cancel = queueFirstDraw(el, () => {
      c = echarts.init(el, undefined, { renderer });
      chart.current = c;
      let draws = 0;
      c.on('finished', () => {
        el.dataset.drawn = String(++draws);
        finished.current?.();
      });
      c.on('legendselectchanged', (e) => {
        const { name, selected } = e as { name: string; selected: Record<string, boolean> };
        legendChanged.current?.(name, selected[name] !== false);
      });
      const { option: o, hidden: h } = latest.current;
      c.setOption(withSelection(o, h));
      shown.current = { option: o, hidden: h };
      // The observer reports the current size once at the start: resize only on a real change.
      let size = `${c.getWidth()}x${c.getHeight()}`;
      observer = new ResizeObserver(() => {
        const now = `${el.clientWidth}x${el.clientHeight}`;
        if (now === size) return;
        size = now;
        c?.resize();
      });
      observer.observe(el);
    });
    return () => {
      cancel();
      observer?.disconnect();
      c?.dispose();
      chart.current = undefined;
      shown.current = { hidden: NONE };
    };
  }, [renderer]);

  useEffect(() => {
    const c = chart.current;
    if (!c || shown.current.option === undefined) return; // not drawn yet: the first draw takes the latest props
    if (shown.current.option !== option) {
      // A new dataset (mode, baseline, campaign): replace the parts a rebuild changes, keeping the instance.
      c.setOption(withSelection(option, hidden), {
        replaceMerge: ['series', 'xAxis', 'yAxis', 'legend', 'dataZoom', 'visualMap', 'graphic'],
        lazyUpdate: false,
      });
      shown.current = { option, hidden };
      return;
    }
    if (shown.current.hidden === hidden) return;
    // A platform toggle: only the legend entries whose state changed, as legend actions.
    const before = shown.current.hidden;
    for (const name of legendNames(option)) {
      if (before.has(name) !== hidden.has(name)) c.dispatchAction({ type: hidden.has(name) ? 'legendUnSelect' : 'legendSelect', name });
    }
    shown.current = { option, hidden };
  }, [option, hidden]);

  const exportAs = (kind: 'png' | 'svg') => {
    const c = chart.current;
    if (!c || !exportName) return;
    const url = kind === 'png' ? chartPng(c) : optionSvg(withSelection(option, hidden), c.getWidth(), c.getHeight());
    download(url, `${exportName}.${kind}`);
  };

  return (
    <figure className="chart" aria-label={label}>
      <div ref={box} className="chart-canvas" role="img" aria-label={label} style={{ height }} data-testid={testId} />
      {exportName && (
        <figcaption className="chart-actions">
          <button type="button" onClick={() => exportAs('png')} aria-label={`Export ${label} as PNG`}>
            PNG
          </button>
          <button type="button" onClick={() => exportAs('svg')} aria-label={`Export ${label} as SVG`}>
            SVG
          </button>
        </figcaption>
      )}
    </figure>
  );
}
