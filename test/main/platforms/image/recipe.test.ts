import { describe, expect, it } from 'vitest';
import { BASE_PACKAGES, BASE_TOOLS, imageName, recipeFor, toolCheckScript } from '../../../../main/platforms/image/recipe.ts';

describe('image recipe', () => {
  it('names an image by its recipe: stable for the same recipe, new for another suite, kind, package list or check', () => {
    const base = recipeFor('base', 'bookworm');
    expect(imageName(base)).toMatch(/^virtlab-base-bookworm-[0-9a-f]{16}$/);
    expect(imageName(recipeFor('base', 'bookworm'))).toBe(imageName(base));
    expect(imageName(recipeFor('base', 'trixie'))).not.toBe(imageName(base).replace('bookworm', 'trixie'));
    expect(imageName({ ...base, packages: [...base.packages, 'hwloc'] })).not.toBe(imageName(base));
    expect(imageName({ ...base, check: toolCheckScript([...BASE_TOOLS, 'hwloc-ls']) })).not.toBe(imageName(base));
    expect(imageName(recipeFor('vm', 'bookworm'))).toMatch(/^virtlab-vm-bookworm-[0-9a-f]{16}$/);
  });

  it('the VM pieces rename only the VM image: the base it builds on keeps its name', () => {
    const vm = recipeFor('vm', 'bookworm');
    expect(vm.parent).toBe(imageName(recipeFor('base', 'bookworm')));
    expect(recipeFor('base', 'bookworm').extra).toBe('');
    expect(imageName({ ...vm, extra: `${vm.extra}\n# changed` })).not.toBe(imageName(vm));
  });

  it('the base carries the compilers and tools by their plain names, and its check builds C, Fortran and MPI programs', () => {
    expect(BASE_PACKAGES).toEqual(expect.arrayContaining(['netperf', 'iozone3', 'gcc', 'libc6-dev', 'gfortran', 'make', 'openmpi-bin', 'mpich', 'hpcc']));
    expect(BASE_TOOLS).toEqual(expect.arrayContaining(['gcc', 'cc', 'gfortran', 'make', 'mpicc', 'mpif90', 'netperf', 'netserver', 'iozone', 'hpcc']));
    const check = recipeFor('base', 'bookworm').check;
    expect(check).toContain(`for t in ${BASE_TOOLS.join(' ')}; do command -v "$t"`);
    for (const c of ['gcc -o', 'gfortran -o', 'mpif90.openmpi -o', 'mpif90.mpich -o']) expect(check).toContain(c);
    expect(recipeFor('vm', 'bookworm').packages).toContain('linux-image-amd64');
    expect(recipeFor('vm', 'bookworm').check).toContain('sshd');
  });
});
