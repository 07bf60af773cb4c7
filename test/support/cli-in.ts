// The real CLI, in process, on one data folder, with its output captured (for tests that drive a whole campaign).
import { main } from '../../main/cli/main.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function cliIn(dataDir: string): (...argv: string[]) => Promise<CliResult> {
  return async (...argv) => {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: process.env, dataDir });
    return { code, out, err };
  };
}
