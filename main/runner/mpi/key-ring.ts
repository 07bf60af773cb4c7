// Passwordless SSH between the nodes of an MPI run: one key pair per node set and key ring, installed once per run
// driver whichever part of the backend asks (the generic 'mpi' capability or the NPB builder), so runs on other node
// sets of the same platform never rewrite its files. A ring's key ids carry its own random owner part: two campaigns
// (or two VirtLab instances) on the same nodes each have their own key, tag and folder, and neither replaces nor
// removes the other's. The ring removes what it installed when its driver closes. A campaign's ring is given an owner
// derived from the campaign, so the process that resumes it after a crash derives the same ids and can remove the keys
// the dead process installed (adopt()).
import { createHash, randomBytes } from 'node:crypto';
import type { BenchEndpoint } from '../remote.ts';
import { installMpiKeys, removeMpiKeys, type MpiKeys } from './keys.ts';

export class MpiKeyRing {
  private readonly keys = new Map<string, Promise<MpiKeys>>();
  private readonly nodesOf = new Map<string, readonly BenchEndpoint[]>();

  constructor(
    private readonly sshPort: (ep: BenchEndpoint) => number,
    readonly owner: string = randomBytes(8).toString('hex'),
  ) {}

  /** The key id of a node set in this ring. */
  keyId(names: readonly string[]): string {
    return `vl-${createHash('sha256')
      .update(`${this.owner}\n${names.join('\n')}`)
      .digest('hex')
      .slice(0, 16)}`;
  }

  /** The node set's keys (none for a single node); a failed install is tried again by the next run. */
  forNodes(used: readonly BenchEndpoint[], say: (m: string) => void): Promise<MpiKeys | undefined> {
    if (used.length < 2) return Promise.resolve(undefined);
    const names = used.map((e) => e.name);
    const keyId = this.keyId(names);
    let p = this.keys.get(keyId);
    if (!p) {
      say(`setting up passwordless SSH between ${names.join(', ')}`);
      // Recorded before the install: one that fails half way still has its lines removed at the end.
      this.nodesOf.set(keyId, used);
      p = installMpiKeys(
        keyId,
        used.map((ep) => ({ endpoint: ep, port: this.sshPort(ep) })),
      );
      this.keys.set(keyId, p);
      p.catch(() => this.keys.delete(keyId));
    }
    return p;
  }

  /** Counts a node set whose key an earlier process of the same owner may have installed among the keys removeAll()
   * removes (removal is idempotent: a key that was never installed leaves nothing to do). */
  adopt(nodes: readonly BenchEndpoint[]): void {
    if (nodes.length < 2) return;
    const keyId = this.keyId(nodes.map((e) => e.name));
    if (!this.nodesOf.has(keyId)) this.nodesOf.set(keyId, nodes);
  }

  /** Removes every key this ring installed (or adopted) from its nodes; returns what could not be removed. */
  async removeAll(): Promise<string[]> {
    const left: string[] = [];
    await Promise.all(
      [...this.nodesOf].map(async ([keyId, nodes]) => {
        await this.keys.get(keyId)?.catch(() => undefined);
        try {
          await removeMpiKeys(keyId, nodes);
          this.nodesOf.delete(keyId);
          this.keys.delete(keyId);
        } catch (e) {
          left.push(`MPI key ${keyId} on ${nodes.map((n) => n.name).join(', ')}: ${(e as Error).message}`);
        }
      }),
    );
    return left;
  }
}
