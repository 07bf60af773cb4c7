// One ECharts instance bound to a div: option in, 'finished' reported (data-drawn counts draws, for tests and the
// bench), resized with its box, disposed with the component. PNG/SVG export buttons when `exportName` is given.
import { useEffect, useRef } from 'react';
import { echarts } from './echarts.ts';
import { chartPng, download, optionSvg } from './export.ts';

export interface EChartProps {
  option: Record<string, unknown>;
  /** Accessible name of the figure. */
  label: string;
  height?: number;
  renderer?: 'canvas' | 'svg';
  exportName?: string;
  onFinished?: () => void;
  testId?: string;
}

export function EChart({ option, label, height = 320, renderer = 'canvas', exportName, onFinished, testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer });
    chart.current = c;
    let draws = 0;
    c.on('finished', () => {
      el.dataset.drawn = String(++draws);
      finished.current?.();
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, [renderer]);

  useEffect(() => {
    // Replace (not merge) the parts an option rebuild changes, keeping the instance: redraws skip the entry animation.
    chart.current?.setOption(option, { replaceMerge: ['series', 'xAxis', 'yAxis', 'legend', 'dataZoom', 'visualMap'], lazyUpdate: false });
  }, [option, renderer]);

  const exportAs = (kind: 'png' | 'svg') => {
    const c = chart.current;
    if (!c || !exportName) return;
    const url = kind === 'png' ? chartPng(c) : optionSvg(option, c.getWidth(), c.getHeight());
    download(url, `${exportName}.${kind}`);
  };

  return (
    <figure className="chart" aria-label={label}>
      <div ref={box} className="chart-canvas" role="img" aria-label={label} style={{ height }} data-testid={testId} />
      {exportName && (
        <figcaption className="chart-actions">
          <button type="button" onClick={() => exportAs('png')} aria-label={`Export ${label} as PNG`}>PNG</button>
          <button type="button" onClick={() => exportAs('svg')} aria-label={`Export ${label} as SVG`}>SVG</button>
        </figcaption>
      )}
    </figure>
  );
}
