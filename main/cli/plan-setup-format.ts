// The plan's one-off work in one line: what the total includes besides the runs themselves, and how many runs are
// estimated from their own history rather than from the benchmark's rule of thumb.
import type { Plan } from '../contract/scenarios.ts';
import { formatDuration } from '../scenarios/plan.ts';

export function formatSetup(plan: Plan): string | undefined {
  const byPlatform = new Map<string, number>();
  for (const c of plan.setup) byPlatform.set(c.platform, (byPlatform.get(c.platform) ?? 0) + c.sec);
  const fromHistory = plan.entries.filter((e) => e.estimateFrom === 'history').length;
  const parts: string[] = [];
  if (byPlatform.size > 0) {
    const kinds = [...new Set(plan.setup.map((c) => c.what.replace(/^NPB [A-Z]+\.[A-Z] build$/, 'NPB builds')))];
    parts.push(`includes one-off setup (${kinds.join(', ')}): ${[...byPlatform].map(([p, sec]) => `${p} ~${formatDuration(sec)}`).join(', ')}`);
  }
  if (fromHistory > 0) parts.push(`${fromHistory} of ${plan.entries.length} runs estimated from how long they took before on their platform`);
  return parts.length ? parts.join('; ') : undefined;
}
