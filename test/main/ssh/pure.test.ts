// Small pure pieces of the session layer: semaphore, backoff, key=value output, run status, prompt answers, labels.
import { describe, expect, it } from 'vitest';
import { answerPasswordPrompts } from '../../../main/ssh/auth.ts';
import { backoffDelay, sleep } from '../../../main/ssh/backoff.ts';
import { parseStatus } from '../../../main/ssh/detached.ts';
import { endpointLabel, routeKey } from '../../../main/ssh/endpoint.ts';
import { parseKeyValues } from '../../../main/ssh/key-values.ts';
import { Semaphore } from '../../../main/ssh/semaphore.ts';

describe('Semaphore', () => {
  it('grants up to the limit, queues the rest in order, and lets a queued waiter be aborted', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const order: string[] = [];
    const ac = new AbortController();
    const a = s.acquire().then((r) => {
      order.push('a');
      return r;
    });
    const b = s.acquire(ac.signal).catch(() => {
      order.push('b aborted');
    });
    const c = s.acquire().then((r) => {
      order.push('c');
      return r;
    });
    expect(s.queued).toBe(3);
    ac.abort();
    await b;
    r1();
    r1(); // a second release of the same slot does nothing
    const ra = await a;
    expect(s.active).toBe(2);
    r2();
    const rc = await c;
    expect(order).toEqual(['b aborted', 'a', 'c']);
    ra();
    rc();
    expect(s.active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, { initialDelayMs: 100, maxDelayMs: 500 }))).toEqual([100, 200, 400, 500, 500]);
  });

  it('sleep is abortable', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});

describe('remote script output', () => {
  it('parses key=value lines, ignoring other lines; later keys win', () => {
    const kv = parseKeyValues('state=running\nnoise\npid=12\n=x\npid=13\r\nbad key=1\n');
    expect([...kv]).toEqual([
      ['state', 'running'],
      ['pid', '13'],
    ]);
  });

  it('parses detached run status', () => {
    expect(parseStatus('state=exited\ncode=5\npid=77\nstdout_bytes=10\nstderr_bytes=0\n')).toEqual({
      state: 'exited',
      code: 5,
      pid: 77,
      stdoutBytes: 10,
      stderrBytes: 0,
    });
    expect(parseStatus('state=lost\npid=\nstdout_bytes=3\nstderr_bytes=\n')).toEqual({ state: 'lost', stdoutBytes: 3, stderrBytes: 0 });
    expect(parseStatus('state=missing\n')).toEqual({ state: 'missing' });
  });
});

describe('auth and labels', () => {
  it('answers password prompts with the password and anything else with an empty string', () => {
    let answers: string[] = [];
    answerPasswordPrompts('pw')(
      '',
      '',
      '',
      [
        { prompt: 'Password: ', echo: false },
        { prompt: 'Verification code: ', echo: true },
      ],
      (a) => {
        answers = a;
      },
    );
    expect(answers).toEqual(['pw', '']);
  });

  it('labels endpoints and routes', () => {
    const ep = { address: 'fe80::1', port: 2222, user: 'u', auth: [] };
    expect(endpointLabel(ep)).toBe('u@[fe80::1]:2222');
    expect(routeKey({ address: 'b', port: 22, user: 'r', auth: [], jump: [{ address: 'a', port: 22, user: 'r', auth: [] }] })).toBe('r@a:22 -> r@b:22');
  });
});
