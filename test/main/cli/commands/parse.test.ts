import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../../main/cli/command.ts';
import { parseCommand } from '../../../../main/cli/commands/parse.ts';

const outputs = fileURLToPath(new URL('../../../fixtures/outputs/', import.meta.url));

function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    env: {},
    dataDir: '/nonexistent',
    // Parsing needs no core: a call would be a defect.
    client: () => Promise.reject(new Error('parse asked for the core')),
    core: () => Promise.reject(new Error('parse asked for the core')),
  };
  return io;
}

describe('virtlab parse', () => {
  it('prints netperf metrics as JSON and exits 0', async () => {
    const io = captureIo();
    expect(await parseCommand.run(['netperf', `${outputs}netperf/tcp_rr_omni_csv.txt`], io)).toBe(0);
    const json = JSON.parse(io.stdout);
    expect(json.bench).toBe('netperf');
    expect(json.metrics.find((m: { name: string }) => m.name === 'half_rtt').value).toBeCloseTo(31.755, 9);
    expect(io.stderr).toBe('');
  });

  it('passes --selectors for headerless netperf CSV', async () => {
    const io = captureIo();
    const file = `${outputs}netperf/tcp_stream_omni_csv_noheader.txt`;
    expect(await parseCommand.run(['netperf', file, '--selectors', 'THROUGHPUT,THROUGHPUT_UNITS'], io)).toBe(0);
    expect(JSON.parse(io.stdout).metrics[0]).toMatchObject({ name: 'throughput', value: 28085.53, unit: 'Mbit/s' });
  });

  it('prints IOzone and NPB results, including verified: false', async () => {
    const io = captureIo();
    expect(await parseCommand.run(['iozone', `${outputs}iozone/writer_reader_16m_direct_excel.txt`], io)).toBe(0);
    expect(JSON.parse(io.stdout).metrics[0]).toMatchObject({ name: 'writer', value: 1931852, unit: 'kB/s' });
    const npb = captureIo();
    expect(await parseCommand.run(['npb', `${outputs}npb/ep.S.mpi2.unsuccessful.txt`], npb)).toBe(0);
    expect(JSON.parse(npb.stdout)).toMatchObject({ bench: 'npb', verified: false });
  });

  it('reports a parse error with its line on stderr and exits 1', async () => {
    const io = captureIo();
    expect(await parseCommand.run(['netperf', `${outputs}iozone/writer_reader_16m_direct_excel.txt`], io)).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/writer_reader_16m_direct_excel\.txt: line 1: expected/);
  });

  it('reads classic output made with -P 0 given --test, and refuses a truncated one naming its last line', async () => {
    const io = captureIo();
    expect(await parseCommand.run(['netperf', `${outputs}netperf/udp_rr_classic_noheader.txt`, '--test', 'UDP_RR'], io)).toBe(0);
    expect(JSON.parse(io.stdout).metrics[0]).toMatchObject({ name: 'transaction_rate', value: 42009.65, point: { test: 'UDP_RR', size: 64 } });
    const dir = mkdtempSync(join(tmpdir(), 'vl-parse-'));
    try {
      const cut = join(dir, 'cut.txt');
      writeFileSync(cut, readFileSync(`${outputs}netperf/udp_stream_classic.txt`, 'utf8').split('\n').slice(0, 6).join('\n'));
      const bad = captureIo();
      expect(await parseCommand.run(['netperf', cut], bad)).toBe(1);
      expect(bad.stderr).toMatch(/cut\.txt: line 6: expected the UDP_STREAM receive row of 4 numbers .*the output ends early/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file and bad usage', async () => {
    const missing = captureIo();
    expect(await parseCommand.run(['npb', `${outputs}npb/none.txt`], missing)).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    for (const args of [[], ['netperf'], ['hpl', 'x.txt'], ['npb', 'a', 'b']]) {
      const io = captureIo();
      expect(await parseCommand.run(args, io)).toBe(2);
      expect(io.stderr).toContain('usage: virtlab parse');
    }
  });
});
