// The app's own known_hosts file (path chosen by the caller, e.g. <dataDir>/known_hosts), in OpenSSH format
// so that `ssh-keygen -F/-R/-l` and ssh itself can read it. Re-read on every lookup so edits are honoured.
import { appendFile, chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hashHostName } from './hashed-host.ts';
import { hostKeyName } from './host-pattern.ts';
import { fingerprintSha256, keyTypeOfBlob } from './key-blob.ts';
import { entryMatchesHost, lookupHostKey, type LookupResult, type StoredKey } from './match.ts';
import { formatEntry, parseKnownHosts, serializeKnownHosts, type KnownHostsLine } from './parse.ts';

export interface KnownHostsOptions {
  /** Write new entries hashed (`|1|...`) like HashKnownHosts=yes. Default false: readable for admins. */
  hashHosts?: boolean;
}

export class KnownHostsFile {
  /** Serializes this process's writes; appends use O_APPEND so other writers' lines survive. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: KnownHostsOptions = {},
  ) {}

  async readLines(): Promise<KnownHostsLine[]> {
    try {
      return parseKnownHosts(await readFile(this.path, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async lookup(host: string, port: number, key: Buffer): Promise<LookupResult> {
    return lookupHostKey(await this.readLines(), host, port, key);
  }

  /** Key types stored for a host, so a client can prefer them in its host key algorithm offer. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const lines = await this.readLines();
    const types = lines.flatMap((l) => (l.kind === 'entry' && !l.marker && entryMatchesHost(l, host, port) ? [l.keyType] : []));
    return [...new Set(types)];
  }

  /** Records a key for a host (no-op if that exact key is already stored for it). */
  async add(host: string, port: number, key: Buffer): Promise<void> {
    await this.serialized(async () => {
      const existing = await this.lookup(host, port, key);
      if (existing.status === 'match') return;
      const name = hostKeyName(host, port);
      const field = this.options.hashHosts ? hashHostName(name) : name;
      await this.appendLines([formatEntry(field, keyTypeOfBlob(key), key)]);
    });
  }

  /** Appends raw entry lines (already formatted) at the end of the file, creating it with mode 0600. */
  async appendLines(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    let prefix = '';
    const current = await readFile(this.path, 'utf8').catch(() => '');
    if (current !== '' && !current.endsWith('\n')) prefix = '\n';
    await appendFile(this.path, `${prefix}${lines.join('\n')}\n`, { mode: 0o600 });
  }

  /** Removes every plain entry for the host (like `ssh-keygen -R`), keeping comments and other lines. */
  async forget(host: string, port: number): Promise<StoredKey[]> {
    return this.serialized(async () => {
      const lines = await this.readLines();
      const removed: StoredKey[] = [];
      const kept = lines.filter((l) => {
        if (l.kind !== 'entry' || l.marker || !entryMatchesHost(l, host, port)) return true;
        removed.push({ keyType: l.keyType, fingerprint: fingerprintSha256(l.key), lineNo: l.lineNo });
        return false;
      });
      if (removed.length > 0) await this.rewrite(kept);
      return removed;
    });
  }

  /** Atomically replaces the file with these lines (raw text preserved). */
  async rewrite(lines: readonly KnownHostsLine[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.tmp-${process.pid}-${Date.now()}`;
    await writeFile(tmp, serializeKnownHosts(lines), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(fn, fn);
    this.writing = run.catch(() => undefined);
    return run;
  }
}
