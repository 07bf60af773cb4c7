// Pure builder: run-to-run spread (five-number summaries) to an ECharts box plot, one box per platform at each point.
// Hidden platforms are unselected in the legend (a toggle is a legend action on the live chart, no rebuild).
import type { SpreadGroup } from '../../../main/contract/results.ts';
import { comparePointsText } from './points.ts';
import { fmt } from './format.ts';
import { platformColor } from './palette.ts';
import { legendSelection } from './figure-option.ts';

export function buildBoxplotOption(
  groups: readonly SpreadGroup[],
  settings: { baseline: string; platforms: readonly string[]; hidden?: ReadonlySet<string>; interactive?: boolean },
): Record<string, unknown> {
  const shown = groups;
  const label = (g: SpreadGroup) => g.x;
  const categories = [...new Set(shown.map(label))].sort(comparePointsText);
  const present = new Set(shown.map((g) => g.platform));
  const platforms = [settings.baseline, ...settings.platforms.filter((p) => p !== settings.baseline)].filter((p) => present.has(p));
  const unit = shown[0]?.unit ?? '';
  return {
    animation: false,
    title: {
      text: shown[0] ? `${shown[0].benchmark} ${shown[0].metric} (${unit}): run-to-run spread` : 'Run-to-run spread',
      left: 'center',
      textStyle: { fontSize: 14 },
    },
    legend: { top: 30, data: platforms, selected: legendSelection(platforms, settings.hidden) },
    grid: { left: 70, right: 24, top: 64, bottom: 60 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; name: string; data: number[] }) => {
        const d = p.data.slice(-5);
        const g = shown.find((x) => x.platform === p.seriesName && label(x) === p.name);
        return `${p.seriesName} @ ${p.name}<br/>n=${g?.n ?? '?'} min ${fmt(d[0])} q1 ${fmt(d[1])} median ${fmt(d[2])} q3 ${fmt(d[3])} max ${fmt(d[4])}${g?.cv !== null && g?.cv !== undefined ? `<br/>CV ${fmt(g.cv * 100, 3)}%` : ''}`;
      },
    },
    xAxis: { type: 'category', data: categories, name: 'point', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: unit, scale: true },
    dataZoom: (settings.interactive ?? true) ? [{ type: 'inside', xAxisIndex: 0 }] : [],
    series: platforms.map((platform) => ({
      name: platform,
      type: 'boxplot',
      color: platformColor(platform, settings.platforms, settings.baseline),
      itemStyle: { color: '#fff', borderColor: platformColor(platform, settings.platforms, settings.baseline) },
      data: categories.map((c) => {
        const g = shown.find((x) => x.platform === platform && label(x) === c);
        return g ? [g.min, g.q1, g.median, g.q3, g.max] : [];
      }),
    })),
  };
}
