// Where an image is built: a host over its verified SSH session, or this machine itself (the lab builds locally).
// Both take an argv (never a shell line) and give back the exit code and output.
import { spawn } from 'node:child_process';
import { exec } from '../../ssh/exec.ts';
import type { ChannelHost } from '../../ssh/pool.ts';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

export interface CommandOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  stdin?: string;
  onStderr?: (text: string) => void;
}

export interface CommandHost {
  label: string;
  run(argv: readonly string[], opts?: CommandOptions): Promise<CommandResult>;
}

export function sshCommandHost(host: ChannelHost): CommandHost {
  return {
    label: host.label,
    async run(argv, opts = {}) {
      const r = await exec(host, argv, {
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        ...(opts.onStderr ? { onStderr: (b: Buffer) => opts.onStderr?.(b.toString('utf8')) } : {}),
      });
      return { code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut };
    },
  };
}

/** This machine, by spawn without a shell; a timeout or abort stops the child's whole process group. */
export function localCommandHost(label = 'localhost'): CommandHost {
  return {
    label,
    run(argv, opts = {}) {
      return new Promise((resolve, reject) => {
        const [cmd, ...args] = argv;
        if (!cmd) {
          reject(new Error('empty command'));
          return;
        }
        const child = spawn(cmd, args, { stdio: [opts.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'], detached: true });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        const kill = () => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGTERM');
          } catch {
            /* already gone */
          }
        };
        const timer =
          opts.timeoutMs !== undefined
            ? setTimeout(() => {
                timedOut = true;
                kill();
              }, opts.timeoutMs)
            : undefined;
        opts.signal?.addEventListener('abort', kill, { once: true });
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString('utf8');
        });
        child.stderr?.on('data', (d: Buffer) => {
          const t = d.toString('utf8');
          stderr += t;
          opts.onStderr?.(t);
        });
        child.on('error', (e) => {
          if (timer) clearTimeout(timer);
          reject(e);
        });
        child.on('close', (code) => {
          if (timer) clearTimeout(timer);
          opts.signal?.removeEventListener('abort', kill);
          resolve({ code, stdout, stderr, timedOut });
        });
        if (opts.stdin !== undefined && child.stdin) {
          child.stdin.on('error', () => {
            /* the child exited without reading it all */
          });
          child.stdin.end(opts.stdin);
        }
      });
    },
  };
}
