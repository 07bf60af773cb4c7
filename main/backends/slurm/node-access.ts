// VirtLab prepares every node over SSH outside any job (netserver, the benchmark tools' versions, the NPB source and
// its builds, MPI trees), and only then submits the runs' jobs. A site whose compute nodes run pam_slurm_adopt lets a
// user in over SSH only where that user has a job running: there that preparation is refused. Preparing inside a
// setup job or inside the run's allocation is not built, so the campaign's start says it instead of failing run by
// run: each node is reached once over SSH and its PAM configuration read.
import { exec } from '../../ssh/exec.ts';
import { SshError } from '../../ssh/errors.ts';
import type { RunEndpoint } from '../backend.ts';

/** The PAM files of the node that load pam_slurm_adopt (comment lines left out); always exits 0. */
export const PAM_ADOPT_PROBE = "grep -ls '^[^#]*pam_slurm_adopt' /etc/pam.d/* 2>/dev/null; exit 0";

/** What reaching one node told: the PAM files naming pam_slurm_adopt, or why SSH failed. */
export type NodeAccess = { node: string; pamFiles: string[] } | { node: string; error: { kind: string; message: string } };

/** The start's problems (nodes that refuse VirtLab's SSH) and notes (pam_slurm_adopt present, but VirtLab is let in). */
export function judgeNodeAccess(found: readonly NodeAccess[]): { problems: string[]; notes: string[] } {
  const refused = found.flatMap((f) => ('error' in f && f.error.kind === 'auth' ? [f] : []));
  const adopt = found.flatMap((f) => ('pamFiles' in f && f.pamFiles.length ? [f] : []));
  const problems = refused.length
    ? [
        `${refused.map((f) => f.node).join(', ')} refused VirtLab's SSH login (${'error' in refused[0]! ? refused[0].error.message : ''}): ` +
          'VirtLab prepares each node over SSH outside any job (netserver, tool versions, the NPB source and builds), and a site ' +
          'whose nodes run pam_slurm_adopt lets a user in only where that user has a job; preparing inside a job is not built, ' +
          "so this platform's runs cannot be prepared here (ask the site to exempt VirtLab's user, or prepare the nodes by hand)",
      ]
    : [];
  const notes = adopt.length
    ? [
        `pam_slurm_adopt is configured on ${adopt.map((f) => f.node).join(', ')} (${[...new Set(adopt.flatMap((f) => ('pamFiles' in f ? f.pamFiles : [])))].join(', ')}), ` +
          "but VirtLab's user was let in over SSH outside any job (exempt), so the nodes are prepared over SSH as usual",
      ]
    : [];
  return { problems, notes };
}

/** Reaches every node once (a few at a time) and reads its PAM configuration. A node that is down or slow is not a
 *  problem here: its runs fail or wait as a dead endpoint's do. */
export async function probeNodeAccess(nodes: readonly RunEndpoint[], timeoutMs: number, atOnce = 8): Promise<NodeAccess[]> {
  const found: NodeAccess[] = [];
  for (let i = 0; i < nodes.length; i += atOnce) {
    found.push(
      ...(await Promise.all(
        nodes.slice(i, i + atOnce).map(async (n): Promise<NodeAccess> => {
          try {
            const r = await exec(n.session.host, ['sh', '-c', PAM_ADOPT_PROBE], { timeoutMs });
            return { node: n.name, pamFiles: r.stdout.split('\n').filter((l) => l.startsWith('/')) };
          } catch (e) {
            return { node: n.name, error: { kind: e instanceof SshError ? e.kind : 'other', message: (e as Error).message } };
          }
        }),
      )),
    );
  }
  return found;
}
