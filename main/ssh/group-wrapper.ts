// The tiny POSIX wrapper every exec runs under: it starts the command in a new session (its own process
// group), reports the group id on stderr behind a one-time marker, then waits and hands back the exit status.
// Cancelling then means `kill -TERM -<pgid>` over a second channel, which reaches every descendant.
import { randomBytes } from 'node:crypto';

export const GROUP_WRAPPER = [
  'm=$1; shift',
  'exec 3<&0', // an async list would otherwise get /dev/null as stdin
  'if command -v setsid >/dev/null 2>&1; then',
  '  setsid "$@" 0<&3 3<&- &',
  '  pid=$!',
  '  exec 3<&-',
  `  printf '%s%s\\n' "$m" "$pid" >&2`,
  '  wait "$pid" 2>/dev/null; st=$?', // dash reports a signalled job on stderr
  // A command killed by a signal: die by the same signal so the SSH exit-signal says so.
  '  if [ "$st" -gt 128 ]; then kill -s "$(kill -l "$st")" $$ 2>/dev/null; fi',
  '  exit "$st"',
  'fi',
  // No setsid: sshd already made this shell a session leader, so its group holds everything we start.
  `pg=$(ps -o pgid= -p $$ 2>/dev/null | tr -d ' ')`,
  `printf '%s%s\\n' "$m" "\${pg:-$$}" >&2`,
  'exec "$@" 0<&3 3<&-',
].join('\n');

export function newMarker(): string {
  return `__virtlab_pgid_${randomBytes(6).toString('hex')}__=`;
}

/** argv that runs `argv` under the wrapper. */
export function wrapArgv(marker: string, argv: readonly string[]): string[] {
  return ['sh', '-c', GROUP_WRAPPER, 'virtlab-exec', marker, ...argv];
}

/**
 * Pulls the marker line out of the stderr stream: everything else passes through untouched, in order.
 * Bytes that could be the start of the marker are held back until they prove not to be.
 */
export class MarkerFilter {
  private held = Buffer.alloc(0);
  private found: number | undefined;
  private readonly mark: Buffer;

  constructor(
    marker: string,
    private readonly onPgid: (pgid: number) => void,
  ) {
    this.mark = Buffer.from(marker);
  }

  get pgid(): number | undefined {
    return this.found;
  }

  /** Returns the bytes that belong to the command's stderr. */
  push(chunk: Buffer): Buffer {
    if (this.found !== undefined) return chunk;
    this.held = Buffer.concat([this.held, chunk]);
    const at = this.held.indexOf(this.mark);
    if (at >= 0) {
      const nl = this.held.indexOf(0x0a, at + this.mark.length);
      if (nl < 0) return Buffer.alloc(0); // marker line still arriving
      const pgid = Number(this.held.subarray(at + this.mark.length, nl).toString('latin1'));
      const out = Buffer.concat([this.held.subarray(0, at), this.held.subarray(nl + 1)]);
      this.held = Buffer.alloc(0);
      this.found = pgid;
      if (Number.isInteger(pgid) && pgid > 1) this.onPgid(pgid);
      return out;
    }
    // Keep only a tail that could still grow into the marker.
    const keep = Math.min(this.held.length, this.mark.length - 1);
    for (let k = keep; k > 0; k--) {
      if (this.mark.subarray(0, k).equals(this.held.subarray(this.held.length - k))) {
        const out = this.held.subarray(0, this.held.length - k);
        this.held = this.held.subarray(this.held.length - k);
        return Buffer.from(out);
      }
    }
    const out = this.held;
    this.held = Buffer.alloc(0);
    return out;
  }

  /** At end of stream: whatever was held back was not the marker after all. */
  flush(): Buffer {
    const out = this.held;
    this.held = Buffer.alloc(0);
    return out;
  }
}
