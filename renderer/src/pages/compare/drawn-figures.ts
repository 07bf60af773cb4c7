// Which figures the Compare page draws: only panels with measurements (or a note on why they have none). A figure of a benchmark the campaign never ran
// is left out without a word; one whose runs all failed (or were not comparable) is named once, with why.
import type { FigureDataset } from '../../../../main/contract/results.ts';

export interface FigureWithoutData {
  id: string;
  title: string;
  failures: number;
  reasons: string[];
  notCompared: number;
}

export function drawnFigures(figures: readonly FigureDataset[]): { drawn: FigureDataset[]; withoutData: FigureWithoutData[] } {
  const drawn: FigureDataset[] = [];
  const withoutData: FigureWithoutData[] = [];
  for (const f of figures) {
    // A panel with a note has something to say (a speedup that is not defined): it is drawn, empty, with the note.
    const panels = f.panels.filter((p) => p.series.some((s) => s.points.length > 0) || (p.notes?.length ?? 0) > 0);
    if (panels.length > 0) {
      drawn.push(panels.length === f.panels.length ? f : { ...f, panels });
      continue;
    }
    if (f.failures.length === 0 && f.missing.length === 0) continue;
    withoutData.push({
      id: f.id,
      title: f.title,
      failures: f.failures.length,
      reasons: [...new Set(f.failures.map((x) => x.reason))].slice(0, 3),
      notCompared: f.missing.length,
    });
  }
  return { drawn, withoutData };
}
