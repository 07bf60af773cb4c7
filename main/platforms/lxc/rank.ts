// One MPI rank in an LXC system container, started by the hosts' own launcher (mpirun's daemon on each host) wherever it
// lands: `lxc-attach -s MOUNT|PID` into that host's container. Only those two namespaces:
// - MOUNT: the image's files (the binary built inside with the image's toolchain, its MPI library);
// - PID: the container's /proc is mounted for its own PID namespace, and a process outside it sees no /proc/self there
//   (Open MPI and hwloc read it);
// - the host's network (ranks reach each other, and the launcher's daemon, at the hosts' addresses on the subnet the
//   launcher pins, as Podman/Docker ranks on --network=host do; a bridge platform's bridge carries its other
//   benchmarks), IPC and UTS (the host's hostname, as the launcher knows the node), as the OCI ranks' --ipc/--uts=host.
// The container binds the host's /tmp (the daemon's PMIx socket and session folder) and run folders (config.ts).
// lxc-attach gives the command a terminal of its own when any of its standard streams is one, and Open MPI's daemon
// hands each rank a pty as stdout: through that terminal the rank's output was lost, so lxc-attach's stdout is a pipe
// (a FIFO read by cat onto the daemon's pty), and the rank's command waits for cat before it exits with lxc-attach's
// status, so nothing the rank wrote is still in the pipe when the daemon sees its child end. lxc-attach forwards no
// signal: the daemon's SIGTERM (a job killed, MPI_Abort, a run's timeout) ended it and left the rank running in the
// container (seen here with lxc 5.0.2). So each link dies with its parent (setpriv --pdeathsig KILL, util-linux, where
// it is installed): lxc-attach with the command the daemon started, the rank with its lxc-attach.
import { quoteArg } from '../../ssh/quote.ts';
import { sharedGuestName } from '../common/names.ts';
import type { RankRef } from '../provider.ts';
import { HOST_RUNS } from './config.ts';
import { CONTAINER_FILE } from './names.ts';
import type { LxcSettings } from './settings.ts';

export const RANK_NAMESPACES = 'MOUNT|PID';

export const RANK_NETWORK =
  "the host network (each rank through lxc-attach into its host's container's mount and PID namespaces only; a bridge platform's bridge carries its other benchmarks, not MPI)";

/** Killed when its parent dies: `setpriv --pdeathsig KILL --` where util-linux has it, else nothing. */
const DIES_WITH_PARENT = 'if command -v setpriv >/dev/null 2>&1; then k="setpriv --pdeathsig KILL --"; else k=; fi';

/** Inside the container: the rank's folder ($1), then the rank, killed when its lxc-attach dies. */
const IN_CONTAINER = `cd "$1" || exit 1; shift; ${DIES_WITH_PARENT}; exec $k "$@"`;

/** The rank's shell script over "$@" (the rank's argv): the same on every host. */
export function lxcRankScript(ref: RankRef<LxcSettings>): string {
  return [
    `g="$HOME"/.virtlab/guests/${quoteArg(sharedGuestName(ref))}`,
    `n=$(cat "$g/${CONTAINER_FILE}") || exit 1`,
    // The launcher starts the rank in the run's folder on the head host (bound at its own path); elsewhere the guest's home.
    `case "$PWD" in "$HOME"/${HOST_RUNS}/?*) d=$PWD ;; *) d=$g ;; esac`,
    't=$(mktemp -d) || exit 1',
    'mkfifo "$t/out" || { rm -rf "$t"; exit 1; }',
    'cat "$t/out" & c=$!',
    'exec 3>"$t/out"',
    'rm -rf "$t"',
    DIES_WITH_PARENT,
    `$k lxc-attach -n "$n" -s ${quoteArg(RANK_NAMESPACES)} --keep-env -v HOME="$g" -- sh -c ${quoteArg(IN_CONTAINER)} virtlab-lxc-rank "$d" "$@" >&3 3>&-`,
    'r=$?',
    'exec 3>&-',
    'wait "$c"',
    'exit "$r"',
  ].join('\n');
}
