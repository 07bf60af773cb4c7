// `virtlab bench install|run iozone`: IOzone on the first --on host.
import type { HandRunner } from '../hand-runner.ts';
import { runIozone } from './run.ts';

export const iozoneHand: HandRunner = {
  id: 'iozone',
  installs: 'iozone',
  needs: {},
  run: ({ targets, params, progress }) => runIozone({ endpoint: targets[0]!, params, progress }),
};
