// Opening an exec channel on an ssh2 client. Exit status and close are captured inside ssh2's callback:
// ssh2 can deliver data, exit-status and close in the same tick as the open confirmation, and a listener
// attached after an `await` would miss the 'exit' event (output is buffered by the stream, events are not).
import type { Client, ClientChannel } from 'ssh2';
import { SshError } from './errors.ts';

export interface ExecChannel {
  channel: ClientChannel;
  /** Filled in when the remote side reports how the command ended. */
  exit: { seen: boolean; code: number | null; signal: string | null };
  /** Resolves when the channel has closed. */
  closed: Promise<void>;
}

export function openExec(client: Client, command: string, label: string): Promise<ExecChannel> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, channel) => {
      if (err) {
        reject(new SshError('channel', `cannot open a session on ${label}: ${err.message}`, label));
        return;
      }
      const exit: ExecChannel['exit'] = { seen: false, code: null, signal: null };
      channel.on('exit', (code: number | null, signal?: string) => {
        exit.seen = true;
        exit.code = typeof code === 'number' ? code : null;
        exit.signal = signal ?? null;
      });
      const closed = new Promise<void>((r) => channel.once('close', () => r()));
      resolve({ channel, exit, closed });
    });
  });
}

/** Runs a short control command on its own channel and returns its exit code (null if it died by a signal). */
export async function runControl(client: Client, command: string, label: string): Promise<{ code: number | null; output: string }> {
  const { channel, exit, closed } = await openExec(client, command, label);
  let output = '';
  channel.on('data', (d: Buffer) => {
    output += d.toString();
  });
  channel.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  channel.end();
  await closed;
  return { code: exit.code, output };
}
