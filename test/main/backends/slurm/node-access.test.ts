// A site whose nodes run pam_slurm_adopt refuses VirtLab's preparation over SSH outside jobs: the campaign's start
// says so (one problem naming the nodes), and says it plainly when the module is there but VirtLab is let in.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { judgeNodeAccess, PAM_ADOPT_PROBE } from '../../../../main/backends/slurm/node-access.ts';

describe('node access under Slurm (pam_slurm_adopt)', () => {
  it('refuses the platform when nodes refuse the SSH login, naming them and why preparation needs it', () => {
    const r = judgeNodeAccess([
      { node: 'n1', pamFiles: [] },
      { node: 'n2', error: { kind: 'auth', message: 'All configured authentication methods failed' } },
      { node: 'n3', error: { kind: 'auth', message: 'All configured authentication methods failed' } },
      { node: 'n4', error: { kind: 'timeout', message: 'no answer in 15 s' } },
    ]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^n2, n3 refused VirtLab's SSH login \(All configured authentication methods failed\): /);
    expect(r.problems[0]).toContain('pam_slurm_adopt');
    expect(r.problems[0]).toContain('preparing inside a job is not built');
    // A node that is down or slow is a dead endpoint for its runs, not a refusal.
    expect(r.problems[0]).not.toContain('n4');
    expect(r.notes).toEqual([]);
  });

  it('notes pam_slurm_adopt on nodes that let VirtLab in, and says nothing on a site without it', () => {
    const r = judgeNodeAccess([
      { node: 'n1', pamFiles: ['/etc/pam.d/sshd'] },
      { node: 'n2', pamFiles: ['/etc/pam.d/sshd', '/etc/pam.d/common-account'] },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual([
      "pam_slurm_adopt is configured on n1, n2 (/etc/pam.d/sshd, /etc/pam.d/common-account), but VirtLab's user was let in over SSH outside any job (exempt), so the nodes are prepared over SSH as usual",
    ]);
    expect(judgeNodeAccess([{ node: 'n1', pamFiles: [] }])).toEqual({ problems: [], notes: [] });
  });

  it("the probe lists only PAM files (none on this machine's /etc/pam.d without the module) and exits 0", () => {
    const out = execFileSync('sh', ['-c', PAM_ADOPT_PROBE], { encoding: 'utf8' });
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('/etc/pam.d/')),
    ).toBe(true);
  });
});
