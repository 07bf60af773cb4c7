// Runs `npm start` as a user would and waits for the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface Started {
  child: ChildProcess;
  url: string;
  output: string;
  stop(): Promise<void>;
}

export function npmStart(dataDir: string, timeoutMs = 120_000): Promise<Started> {
  const root = resolve(import.meta.dirname, '..', '..', '..');
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, VIRTLAB_DATA_DIR: dataDir, DISPLAY: '', WAYLAND_DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no address in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1]!, output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}
