// `virtlab bench install|run netperf`: netserver on the peer, the client on the first --on host.
import type { HandRunner } from '../hand-runner.ts';
import { runNetperfPair } from './run.ts';

export const netperfHand: HandRunner = {
  id: 'netperf',
  installs: 'netperf',
  needs: { peer: 'netperf needs --peer <selector> (the netserver side)' },
  run: ({ targets, peer, params, progress }) => runNetperfPair({ client: targets[0]!, peer: peer!, params, progress }),
};
