// `virtlab bench run npb`: built from the user's tarball on the --on hosts, then run (MPI over all of them).
import type { HandRunner } from '../hand-runner.ts';
import { runNpb } from './run.ts';

export const npbHand: HandRunner = {
  id: 'npb',
  installRefusal: 'NPB is built from your tarball at run time: use `virtlab bench run npb --source <tarball>`',
  needs: { source: 'npb needs --source <local tarball or http(s) URL>' },
  run: ({ targets, source, params, progress }) => runNpb({ endpoints: targets, source: source!, params, progress }),
};
