// Two lab instances up at once must not collide: distinct prefixes, address blocks and state folders.
import { describe, expect, it } from 'vitest';
import { LAB_INSTANCES } from './instances.ts';
import { labRoot, repoRoot } from './config.ts';

describe('lab instances', () => {
  const all = Object.values(LAB_INSTANCES);
  it('never share a prefix, an address block or a state folder', () => {
    expect(new Set(all.map((c) => c.prefix)).size).toBe(all.length);
    expect(new Set(all.map((c) => c.octet)).size).toBe(all.length);
    expect(new Set(all.map((c) => c.dir)).size).toBe(all.length);
  });
  it('keep state where every node can see it (not under a folder nodes mount privately)', () => {
    for (const hidden of ['/tmp/', '/root/', '/home/']) expect(labRoot.startsWith(hidden), labRoot).toBe(false);
    // VIRTLAB_LAB_DIR (worktrees sharing one lab state) names the folder outright.
    if (process.env.VIRTLAB_LAB_DIR) expect(labRoot).toBe(process.env.VIRTLAB_LAB_DIR.replace(/\/+$/, ''));
    else if (!['/tmp/', '/root/', '/home/'].some((p) => repoRoot.startsWith(p))) expect(labRoot).toBe(`${repoRoot}/.lab`);
  });
});
