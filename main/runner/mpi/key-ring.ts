// Passwordless SSH between the nodes of an MPI run: one key pair per node set, installed once per run driver
// whichever part of the backend asks (the generic 'mpi' capability or the NPB builder), so runs on other node sets
// of the same platform never rewrite its files.
import { createHash } from 'node:crypto';
import type { BenchEndpoint } from '../remote.ts';
import { installMpiKeys, type MpiKeys } from './keys.ts';

export class MpiKeyRing {
  private readonly keys = new Map<string, Promise<MpiKeys>>();

  constructor(private readonly sshPort: (ep: BenchEndpoint) => number) {}

  /** The node set's keys (none for a single node); a failed install is tried again by the next run. */
  forNodes(used: readonly BenchEndpoint[], say: (m: string) => void): Promise<MpiKeys | undefined> {
    if (used.length < 2) return Promise.resolve(undefined);
    const names = used.map((e) => e.name);
    const keyId = `vl-${createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16)}`;
    let p = this.keys.get(keyId);
    if (!p) {
      say(`setting up passwordless SSH between ${names.join(', ')}`);
      p = installMpiKeys(keyId, used.map((ep) => ({ endpoint: ep, port: this.sshPort(ep) })));
      this.keys.set(keyId, p);
      p.catch(() => this.keys.delete(keyId));
    }
    return p;
  }
}
