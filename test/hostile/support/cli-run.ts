// The real CLI (bin/virtlab.mjs) in a child process, with its wall time and peak memory measured from outside.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { samplePeak } from './process-memory.ts';

const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'virtlab.mjs');

export interface CliResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  peakKiB: number;
}

export function runCli(dataDir: string, args: string[], timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, VIRTLAB_DATA_DIR: dataDir };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const peak = samplePeak(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      peak.stop();
      fail(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: performance.now() - t0, peakKiB: peak.stop() });
    });
  });
}
