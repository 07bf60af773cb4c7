// Time limits of the runner's short commands on an endpoint. They are sized for a host; a platform whose guests run
// every command slower (an emulated VM) declares how long a short control command may take there (Reach.controlSec,
// carried on the endpoint), and every such limit there grows by the same factor: a status read, a liveness check, the
// facts probe, a tool's version, stopping a server.
import type { BenchEndpoint } from './remote.ts';

/** How long a short control command may take on a host or a guest that declares nothing. */
export const DEFAULT_CONTROL_SEC = 15;

/** `hostMs`, a limit sized for a host, on `ep`: scaled by its platform's declared control time against the default
 *  (never below `hostMs`: a declaration cannot make a host's limit shorter). */
export function limitOn(ep: Pick<BenchEndpoint, 'controlSec'>, hostMs: number): number {
  const factor = Math.max(1, (ep.controlSec ?? DEFAULT_CONTROL_SEC) / DEFAULT_CONTROL_SEC);
  return Math.round(hostMs * factor);
}
