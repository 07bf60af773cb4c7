// One ProxyJump hop: `[user@]host[:port]` (or `[user@][ipv6]:port`).
export interface JumpHop {
  user?: string;
  host: string;
  port?: number;
}

export function parseJumpHop(spec: string): JumpHop {
  let rest = spec.trim().replace(/^ssh:\/\//, '');
  const hop: JumpHop = { host: '' };
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    hop.user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(rest);
  const m = bracketed ?? plain;
  if (!m || !m[1]) throw new Error(`bad ProxyJump hop ${JSON.stringify(spec)}`);
  hop.host = m[1];
  if (m[2]) hop.port = Number(m[2]);
  return hop;
}
