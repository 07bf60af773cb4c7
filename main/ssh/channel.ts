// Opening an exec channel on an ssh2 client, with a channel-level error that names the host.
import type { Client, ClientChannel } from 'ssh2';
import { SshError } from './errors.ts';

export function openExec(client: Client, command: string, label: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) reject(new SshError('channel', `cannot open a session on ${label}: ${err.message}`, label));
      else resolve(stream);
    });
  });
}

/** Runs a short control command on its own channel and returns its exit code (null if it died by a signal). */
export async function runControl(client: Client, command: string, label: string): Promise<{ code: number | null; output: string }> {
  const ch = await openExec(client, command, label);
  return new Promise((resolve) => {
    let output = '';
    let code: number | null = null;
    ch.on('data', (d: Buffer) => { output += d.toString(); });
    ch.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    ch.on('exit', (c: number | null) => { code = c; });
    ch.on('close', () => resolve({ code, output }));
  });
}
