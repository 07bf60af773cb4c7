// The benchmarks `virtlab bench install|run` knows, one runner each: the CLI looks its benchmark up in this list
// instead of branching on its name.
import type { HandRunner } from './hand-runner.ts';
import { iozoneHand } from './iozone/hand.ts';
import { netperfHand } from './netperf/hand.ts';
import { npbHand } from './npb/hand.ts';

export const handRunners: readonly HandRunner[] = [netperfHand, iozoneHand, npbHand];

export function handRunner(id: string): HandRunner | undefined {
  return handRunners.find((r) => r.id === id);
}
