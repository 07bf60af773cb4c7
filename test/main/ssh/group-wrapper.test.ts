// The exec wrapper run by a real local sh (no SSH needed), and the stderr marker filter on every chunking.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarkerFilter, newMarker, wrapArgv } from '../../../main/ssh/group-wrapper.ts';

function runWrapped(argv: string[], input = '') {
  const marker = newMarker();
  const [cmd, ...args] = wrapArgv(marker, argv);
  const r = spawnSync(cmd!, args, { input: Buffer.from(input) });
  let pgid: number | undefined;
  const f = new MarkerFilter(marker, (p) => {
    pgid = p;
  });
  const stderr = Buffer.concat([f.push(r.stderr), f.flush()]).toString();
  return { ...r, stdout: r.stdout.toString(), stderr, pgid };
}

describe('group wrapper under sh', () => {
  it('reports the pgid of the command, which runs in its own group, and passes stdin, output and exit code', () => {
    const r = runWrapped(['sh', '-c', 'cat; ps -o pgid= -p $$ | tr -d " "; echo warn >&2; exit 4'], 'in\n');
    expect(r.status).toBe(4);
    const [echoed, ownPgid] = r.stdout.trim().split('\n');
    expect(echoed).toBe('in');
    expect(Number(ownPgid)).toBe(r.pgid);
    expect(r.pgid).not.toBe(process.pid);
    expect(r.stderr).toBe('warn\n');
  });

  it('dies by the signal that killed the command', () => {
    const r = runWrapped(['sh', '-c', 'kill -s TERM $$']);
    expect(r.signal).toBe('SIGTERM');
    expect(r.stderr).toBe('');
  });
});

describe('MarkerFilter', () => {
  const marker = '__virtlab_pgid_0123456789ab__=';

  it('removes the marker line wherever chunk boundaries fall, keeping all other bytes in order', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !s.includes('__virtlab')),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 2, max: 99999 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 20 }),
        (before, after, pgid, cuts) => {
          const whole = Buffer.from(`${before}${marker}${pgid}\n${after}`);
          let seen: number | undefined;
          const f = new MarkerFilter(marker, (p) => {
            seen = p;
          });
          const out: Buffer[] = [];
          let at = 0;
          for (const c of cuts) {
            out.push(f.push(whole.subarray(at, at + c)));
            at += c;
          }
          out.push(f.push(whole.subarray(at)), f.flush());
          expect(Buffer.concat(out).toString()).toBe(before + after);
          expect(seen).toBe(pgid);
        },
      ),
    );
  });

  it('passes everything through when no marker ever comes, including a partial look-alike', () => {
    const f = new MarkerFilter(marker, () => {
      throw new Error('no pgid expected');
    });
    const out = Buffer.concat([f.push(Buffer.from('a __virtlab_pg')), f.push(Buffer.from('x end')), f.flush()]);
    expect(out.toString()).toBe('a __virtlab_pgx end');
  });
});
