// The CLI's terminal output carries no control characters, whatever a name in the database holds (an imported
// bundle's campaign name, a host's error): `campaign list` prints the name without its escape sequence.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/main.ts';
import { hasControl, terminalText } from '../../../main/cli/terminal-text.ts';
import { databaseFile } from '../../../main/config/data-dir.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { tempDir } from '../store/temp-db.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('virtlab-term-');
});
afterEach(() => tmp.cleanup());

describe('terminal text', () => {
  it('drops C0 (but tab and line feed), DEL and C1 controls', () => {
    expect(terminalText('a\u001b[31mred\u001b[0m\tb\n\u0007\u009b2Jc\u007f\r')).toBe('a[31mred[0m\tb\n2Jc');
  });

  it('campaign list prints a hostile campaign name without its escape sequences', async () => {
    const db = openDatabase({ path: databaseFile(tmp.dir) });
    const repos = createRepos(db);
    const s = repos.scenarios.save('s', { benchmarks: [] });
    const id = repos.campaigns.create(s.id, 'evil\u001b]0;owned\u0007\u001b[2Jname');
    db.prepare('UPDATE campaigns SET uuid = ? WHERE id = ?').run(crypto.randomUUID(), id);
    db.close();
    let out = '';
    const code = await main(['campaign', 'list'], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        out += t;
      },
      dataDir: tmp.dir,
      env: {},
    });
    expect(out).not.toMatch(/error/i);
    expect(code, out).toBe(0);
    expect(out).toContain('evil]0;owned[2Jname');
    expect(hasControl(out)).toBe(false);
  });
});
