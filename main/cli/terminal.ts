// What the CLI needs from a terminal: asking a yes/no question and reading a secret without echo.
import { createInterface } from 'node:readline';

export const isInteractive = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

export function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) =>
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    }),
  );
}

export function askSecret(label: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Mute the echo of what is typed; only the prompt is written.
    const write = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(`${label}: `);
    write._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer === '' ? undefined : answer);
    });
  });
}
