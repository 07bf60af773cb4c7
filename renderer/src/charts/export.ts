// PNG and SVG files of a chart. SVG re-draws the same option with ECharts' SVG renderer (vector, for papers).
import { echarts } from './echarts.ts';

export function download(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function chartPng(chart: echarts.ECharts): string {
  return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
}

/** Draws the option once more with the SVG renderer, off screen, and returns its data URL. */
export function optionSvg(option: Record<string, unknown>, width: number, height: number): string {
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:-10000px;top:0;width:${width}px;height:${height}px`;
  document.body.appendChild(host);
  const chart = echarts.init(host, undefined, { renderer: 'svg', width, height });
  try {
    chart.setOption({ ...option, animation: false, dataZoom: [] });
    return chart.getDataURL({ type: 'svg' });
  } finally {
    chart.dispose();
    host.remove();
  }
}
