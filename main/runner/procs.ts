// Remote process and port checks by pid and port number only: the lab (and many real systems) share one
// process table between endpoints, so nothing here ever matches processes by name.
import { mustRun, shArgv, type BenchEndpoint } from './remote.ts';

/** Direct children of `ppid` as {pid, comm}. */
export async function childProcesses(ep: BenchEndpoint, ppid: number): Promise<{ pid: number; comm: string }[]> {
  const r = await mustRun(ep, ['ps', '-o', 'pid=,comm=', '--ppid', String(ppid)], 'listing child processes').catch(() => undefined);
  if (!r) return []; // ps exits 1 when there are none
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [pid, ...rest] = l.split(/\s+/);
      return { pid: Number(pid), comm: rest.join(' ') };
    })
    .filter((p) => Number.isInteger(p.pid));
}

// Gone = no such pid, or a zombie (dead, waiting for its parent to reap it; kill -0 still succeeds on it).
const PID_STATE = [
  'p=$1',
  'if [ -r "/proc/$p/status" ]; then',
  '  if grep -q "^State:[[:space:]]*Z" "/proc/$p/status"; then echo gone; else echo alive; fi',
  'elif kill -0 "$p" 2>/dev/null; then echo alive',
  'else echo gone; fi',
].join('\n');

export async function pidAlive(ep: BenchEndpoint, pid: number): Promise<boolean> {
  const r = await mustRun(ep, shArgv(PID_STATE, String(pid)), `checking pid ${pid}`);
  return r.stdout.trim() === 'alive';
}

/** Waits until `pid` is gone; false if it is still there after `timeoutMs`. */
export async function waitPidGone(ep: BenchEndpoint, pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (!(await pidAlive(ep, pid))) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** TCP ports something listens on (any address), from `ss -ltn`. */
export async function listeningTcpPorts(ep: BenchEndpoint): Promise<Set<number>> {
  const r = await mustRun(ep, ['ss', '-ltnH'], 'listing listening TCP ports');
  return parseSsListening(r.stdout);
}

export function parseSsListening(text: string): Set<number> {
  const ports = new Set<number>();
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // State Recv-Q Send-Q Local:Port Peer:Port
    const local = cols.length >= 4 ? cols[3]! : '';
    const m = /:(\d+)$/.exec(local);
    if (m) ports.add(Number(m[1]));
  }
  return ports;
}

/** A port in [from, to] nobody listens on, starting at a random place so parallel runs rarely collide. */
export function pickFreePort(busy: ReadonlySet<number>, from = 20000, to = 29999, avoid: ReadonlySet<number> = new Set()): number {
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const p = from + ((start + i) % span);
    if (!busy.has(p) && !avoid.has(p)) return p;
  }
  throw new Error(`no free TCP port in ${from}-${to}`);
}
