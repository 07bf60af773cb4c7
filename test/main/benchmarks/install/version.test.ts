import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseIozoneVersion, parseNetperfVersion, versionProbes } from '../../../../main/benchmarks/install/version.ts';

const run = ([cmd, ...args]: readonly string[]) => execFileSync(cmd!, args, { encoding: 'utf8' });

describe('version probes', () => {
  it('reads the installed netperf and iozone versions from their real output', () => {
    expect(parseNetperfVersion(run(versionProbes.netperf))).toBe('2.7.0');
    expect(parseIozoneVersion(run(versionProbes.iozone))).toBe('3.489');
  });

  it('returns undefined for other text', () => {
    expect(parseNetperfVersion('netperf: command not found')).toBeUndefined();
    expect(parseIozoneVersion('Netperf version 2.7.0')).toBeUndefined();
  });
});
