import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../main/contract/procedures.ts';
import { invokeProcedure } from '../../../main/core/invoke.ts';

const info = { name: 'VirtLab', version: '1.0.0', dataDir: '/d', databasePath: '/d/virtlab.db', schemaVersion: 6, host: 'bridge' };
const handlersReturning = (value: unknown) => ({ 'app.info': async () => value }) as unknown as Handlers;

describe('invokeProcedure', () => {
  it('returns a valid output', async () => {
    expect(await invokeProcedure(handlersReturning(info), 'app.info', {})).toEqual({ ok: true, value: info });
  });

  it("reports a bad input as the caller's invalid input, with the field", async () => {
    const r = await invokeProcedure(handlersReturning(info), 'app.info', { extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-input');
  });

  it("reports an output that breaks its schema as an internal error, not the caller's input", async () => {
    const r = await invokeProcedure(handlersReturning({ ...info, schemaVersion: 'six' }), 'app.info', {});
    expect(r).toEqual({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('app.info returned a value outside its contract: schemaVersion') },
    });
  });
});
