import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { npbBinaryPath, npbBuildArgv } from '../../../../main/benchmarks/npb/command.ts';
import { npbMakeDef, parseGfortranMajor, type ToolchainFacts } from '../../../../main/benchmarks/npb/makedef.ts';
import { parseNpb } from '../../../../main/benchmarks/npb/parse.ts';

const gnu: ToolchainFacts = { fc: 'gfortran', cc: 'gcc', mpiFc: 'mpif90', mpiCc: 'mpicc', gfortranMajor: 12, hasBash: true };

describe('NPB make.def text', () => {
  it('uses F77 for 3.3 and FC for 3.4, each aliasing the other', () => {
    const v33 = npbMakeDef(gnu, { version: '3.3', variant: 'serial' }).text;
    expect(v33).toContain('F77 = gfortran\nFC = $(F77)\nFLINK = $(F77)');
    const v34 = npbMakeDef(gnu, { version: '3.4', variant: 'openmp' }).text;
    expect(v34).toContain('FC = gfortran\nF77 = $(FC)\nFLINK = $(FC)');
    expect(v34).toContain('FFLAGS = -O3 -fopenmp -fallow-argument-mismatch -fallow-invalid-boz\n');
    expect(v34).toContain('CFLAGS = -O3 -fopenmp\n');
  });

  it('uses MPIF77 for 3.3 MPI and MPIFC for 3.4 MPI', () => {
    expect(npbMakeDef(gnu, { version: '3.3', variant: 'mpi' }).text).toContain('MPIF77 = mpif90\nMPIFC = $(MPIF77)\nFLINK = $(MPIF77)');
    const v34 = npbMakeDef(gnu, { version: '3.4', variant: 'mpi' }).text;
    expect(v34).toContain('MPIFC = mpif90\nMPIF77 = $(MPIFC)');
    expect(v34).toContain('MPICC = mpicc\nCLINK = $(MPICC)');
    expect(() => npbMakeDef({ ...gnu, mpiFc: undefined }, { version: '3.4', variant: 'mpi' })).toThrow(/MPI compiler wrappers/);
  });

  it('adds the gfortran >= 10 flags only from 10 on, bash as SHELL when present, -mcmodel for large classes', () => {
    const old = npbMakeDef({ ...gnu, gfortranMajor: 9, hasBash: false }, { version: '3.3', variant: 'serial', largeArrays: true });
    expect(old.text).not.toContain('-fallow');
    expect(old.text).not.toContain('SHELL');
    expect(old.text).toContain('FFLAGS = -O3 -mcmodel=medium\n');
    expect(old.notes.join(' ')).toContain('no /bin/bash');
    const now = npbMakeDef(gnu, { version: '3.3', variant: 'serial' });
    expect(now.text).toContain('SHELL = /bin/bash\n');
    expect(now.notes.join(' ')).toContain('-fallow-argument-mismatch -fallow-invalid-boz');
  });

  it('refuses compiler names that would inject make syntax', () => {
    expect(() => npbMakeDef({ ...gnu, fc: 'gfortran\nall:' }, { version: '3.4', variant: 'serial' })).toThrow(/not a compiler/);
  });

  it('reads gfortran -dumpversion', () => {
    expect(parseGfortranMajor('12\n')).toBe(12);
    expect(parseGfortranMajor('9.4.0')).toBe(9);
    expect(parseGfortranMajor('clang')).toBeUndefined();
  });
});

// The generated file builds the NPB stand-in trees for real with this machine's gfortran/gcc/Open MPI.
const treeRoot = fileURLToPath(new URL('../../../fixtures/npb/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'virtlab-makedef-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const facts = (): ToolchainFacts => ({
  ...gnu,
  gfortranMajor: parseGfortranMajor(execFileSync('gfortran', ['-dumpversion'], { encoding: 'utf8' })),
});

const cases = [
  { version: '3.3', variant: 'serial', tree: 'NPB3.3-SER' },
  { version: '3.4', variant: 'openmp', tree: 'NPB3.4-OMP' },
  { version: '3.4', variant: 'mpi', tree: 'NPB3.4-MPI' },
] as const;

describe('generated make.def builds the NPB stand-in trees', () => {
  for (const c of cases) {
    it(`${c.tree}: EP, IS and CG class S build and run`, () => {
      cpSync(join(treeRoot, c.tree), join(work, c.tree), { recursive: true, filter: (src) => !/\.(o|mod)$/.test(src) });
      writeFileSync(join(work, c.tree, 'config', 'make.def'), npbMakeDef(facts(), { version: c.version, variant: c.variant }).text);
      const p = { version: c.version, variant: c.variant, class: 'S' as const, sourceDir: work, threads: 1 };
      for (const kernel of ['EP', 'IS', 'CG'] as const) {
        const [cmd, ...args] = npbBuildArgv(p, kernel, 1);
        execFileSync(cmd!, args, { stdio: 'pipe', timeout: 120_000 });
        const bin = npbBinaryPath(p, kernel, 1);
        expect(existsSync(bin)).toBe(true);
        if (c.variant !== 'mpi') {
          const out = execFileSync(bin, [], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
          expect(parseNpb(out)).toMatchObject({ verified: true, info: { kernel, class: 'S' } });
        }
      }
    }, 240_000);
  }
});
