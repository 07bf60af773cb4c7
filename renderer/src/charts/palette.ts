// One stable colour per platform, the baseline always the same dark grey, so a platform keeps its colour everywhere.
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
export const BASELINE_COLOR = '#333333';

export function platformColor(platform: string, platforms: readonly string[], baseline: string): string {
  if (platform === baseline) return BASELINE_COLOR;
  const others = platforms.filter((p) => p !== baseline);
  const i = others.indexOf(platform);
  return COLORS[(i < 0 ? others.length : i) % COLORS.length]!;
}
