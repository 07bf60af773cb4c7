import { describe, expect, it } from 'vitest';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { emptyHostForm, formToRecord, recordToForm } from '../../../../renderer/src/pages/lab/host-form.ts';
import { hostsWithGuests } from '../../../../renderer/src/pages/lab/host-order.ts';

describe('add-host form', () => {
  it('makes a record the contract accepts, the password only by reference', () => {
    const { record, issues } = formToRecord({
      ...emptyHostForm(),
      name: 'vl-h01-g',
      address: '10.213.1.2',
      authKind: 'password',
      password: 'hunter2',
      role: 'guest',
      guestOf: 'vl-h01',
      technology: 'lxc',
      jump: 'bastion, vl-h01',
      tags: 'lab',
    });
    expect(issues).toEqual([]);
    const parsed = HostRecord.parse(record);
    expect(parsed.auth).toEqual({ kind: 'password', secretRef: 'host:vl-h01-g:password' });
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
    expect(parsed.jump).toEqual(['bastion', 'vl-h01']);
    expect(parsed).toMatchObject({ guestOf: 'vl-h01', technology: 'lxc', tags: ['lab'] });
  });

  it('names every empty required field at once', () => {
    const { issues } = formToRecord({ ...emptyHostForm(), user: '', port: '', role: 'guest' });
    expect(issues.map((i) => i.path)).toEqual(['name', 'address', 'user', 'port', 'auth.keyPath', 'guestOf']);
  });

  it('round-trips a saved record through the form', () => {
    const h = HostRecord.parse({ name: 'n1', address: 'a', user: 'u', auth: { kind: 'key', keyPath: '/k' } });
    expect(HostRecord.parse(formToRecord(recordToForm(h)).record)).toEqual(h);
  });

  it('lists each host followed by its guests', () => {
    const mk = (name: string, guestOf?: string) =>
      HostRecord.parse({ name, address: 'x', user: 'u', auth: { kind: 'agent' }, ...(guestOf ? { guestOf, technology: 'lxc' } : {}) });
    const order = hostsWithGuests([mk('a-g', 'a'), mk('a'), mk('b'), mk('b-g', 'b'), mk('orphan-g', 'gone')]).map((h) => h.name);
    expect(order).toEqual(['a', 'a-g', 'b', 'b-g', 'orphan-g']);
  });
});
