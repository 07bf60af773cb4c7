import { describe, expect, it } from 'vitest';
import { hostAndPort } from '../../../../renderer/src/pages/settings/known-host-name.ts';

describe('known_hosts host field to host and port', () => {
  it('reads plain, bracketed and listed names', () => {
    expect(hostAndPort('10.213.0.11')).toEqual({ host: '10.213.0.11', port: 22 });
    expect(hostAndPort('[10.213.0.11]:2222')).toEqual({ host: '10.213.0.11', port: 2222 });
    expect(hostAndPort('vl-h01,10.213.0.11')).toEqual({ host: 'vl-h01', port: 22 });
  });
  it('cannot name a hashed entry or a pattern', () => {
    expect(hostAndPort('|1|c2FsdA==|aGFzaA==')).toBeUndefined();
    expect(hostAndPort('*.cluster')).toBeUndefined();
  });
});
