// The peer's wait for a server to listen ends by the peer's clock, not after a count of checks (in an emulated guest
// each check takes far longer than the pause between checks), through a real shell with stand-in start scripts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_START_SEC, SERVER_UP, serverStartTimeoutMs } from '../../../../main/runner/run-driver/peer-server.ts';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

/** SERVER_UP on this machine with `start` as the detached start script, waiting `secs`; a port nothing listens on. */
function serverUp(start: string, secs: number) {
  const home = mkdtempSync(join(tmpdir(), 'vl-peer-'));
  homes.push(home);
  mkdirSync(join(home, '.virtlab', 'runs'), { recursive: true });
  const r = spawnSync('sh', ['-c', SERVER_UP, 'virtlab-runner', start, '1', String(secs), 'job1'], {
    env: { ...process.env, HOME: home },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout };
}

describe('SERVER_UP', () => {
  it('gives up with exit 4 once the deadline passes while the server never listens', () => {
    // The job starts and keeps running (its runner pid is this shell's parent, alive) but never records a server.
    expect(serverUp('mkdir -p "$HOME/.virtlab/runs/$1" && echo $PPID > "$HOME/.virtlab/runs/$1/pid"', 1)).toEqual({ code: 4, stdout: '' });
  });

  it('says at once (exit 3) that the job ended before listening, whatever the deadline', () => {
    expect(serverUp('mkdir -p "$HOME/.virtlab/runs/$1" && echo 1 > "$HOME/.virtlab/runs/$1/exit_status"', 3600)).toEqual({ code: 3, stdout: '' });
  });

  it('takes the default for an endpoint that declares nothing', () => {
    expect(serverStartTimeoutMs({})).toBe(DEFAULT_SERVER_START_SEC * 1000);
    expect(serverStartTimeoutMs({ serverStartSec: 180 })).toBe(180_000);
  });
});
