// Pure builder: the overview (overhead per platform and benchmark group) to an ECharts heatmap.
import type { OverviewResult } from '../../../main/contract/results.ts';
import { fmt } from './format.ts';

export function buildHeatmapOption(overview: OverviewResult): Record<string, unknown> {
  const data = overview.cells.map((c) => [overview.groups.indexOf(c.group), overview.platforms.indexOf(c.platform), Number(c.overheadPct.toFixed(2))]);
  const max = Math.max(10, ...overview.cells.map((c) => Math.abs(c.overheadPct)));
  const cellOf = new Map(overview.cells.map((c) => [`${overview.groups.indexOf(c.group)}:${overview.platforms.indexOf(c.platform)}`, c]));
  return {
    animation: false,
    title: { text: `Overhead vs ${overview.baseline} (%)`, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 90, right: 24, top: 40, bottom: 80 },
    tooltip: {
      formatter: (p: { data: [number, number, number] }) => {
        const c = cellOf.get(`${p.data[0]}:${p.data[1]}`);
        return c
          ? `${c.platform} · ${c.group}<br/>overhead ${fmt(c.overheadPct, 3)}% over ${c.points} point(s)<br/>worst at ${c.worst.x}: ${fmt(c.worst.overheadPct, 3)}%`
          : '';
      },
    },
    xAxis: { type: 'category', data: overview.groups, axisLabel: { interval: 0, rotate: 20 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: overview.platforms, splitArea: { show: true } },
    visualMap: {
      min: -max,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemHeight: 160,
      inRange: { color: ['#2c7bb6', '#f7f7f7', '#d7191c'] },
      text: ['slower', 'faster'],
    },
    series: [{ name: 'overhead', type: 'heatmap', data, label: { show: true, formatter: (p: { data: [number, number, number] }) => `${fmt(p.data[2], 3)}%` } }],
  };
}
