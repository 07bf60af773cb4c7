// Userspace networking for a guest, as rootless Podman does: slirp4netns runs in the host's namespace,
// owns a tap device in the guest's namespace and forwards chosen host ports into the guest.
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { ipBatch } from './exec.ts';
import { waitFor } from './pids.ts';
import { SLIRP_GATEWAY, SLIRP_GUEST_ADDRESS } from './config.ts';

export interface Forward {
  proto: 'tcp' | 'udp';
  hostPort: number;
  guestPort: number;
}

export interface Slirp {
  pid: number;
  apiSocket: string;
}

export async function startSlirp(hostNetns: string, guestNetns: string, initPid: number, dir: string, block: string): Promise<Slirp> {
  const apiSocket = resolve(dir, 'slirp.sock');
  rmSync(apiSocket, { force: true });
  const log = openSync(resolve(dir, 'slirp.log'), 'a');
  // No --configure: it would add a default route; the guest gets only the lab block, set below.
  const child = spawn(
    'ip',
    ['netns', 'exec', hostNetns, 'slirp4netns', '--disable-host-loopback', '--mtu', '65520', '--api-socket', apiSocket, String(initPid), 'tap0'],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  child.unref();
  if (!child.pid) throw new Error('could not spawn slirp4netns');
  await waitFor('slirp4netns api socket', () => existsSync(apiSocket));
  await ipBatch(
    ['link set lo up', `addr replace ${SLIRP_GUEST_ADDRESS}/24 dev tap0`, 'link set tap0 up', `route replace ${block} via ${SLIRP_GATEWAY} dev tap0`],
    guestNetns,
  );
  return { pid: child.pid, apiSocket };
}

function api(socket: string, request: object): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const s = connect(socket);
    let data = '';
    s.on('connect', () => s.write(JSON.stringify(request)));
    s.on('data', (b) => {
      data += b.toString();
    });
    s.on('error', reject);
    s.on('end', () => {
      try {
        const reply = JSON.parse(data) as { error?: { desc?: string } };
        if (reply.error) reject(new Error(`slirp4netns: ${reply.error.desc ?? JSON.stringify(reply.error)}`));
        else resolvePromise(reply);
      } catch (e) {
        reject(e);
      }
    });
  });
}

export async function addForward(slirp: Slirp, hostAddress: string, f: Forward): Promise<void> {
  await api(slirp.apiSocket, {
    execute: 'add_hostfwd',
    arguments: { proto: f.proto, host_addr: hostAddress, host_port: f.hostPort, guest_addr: SLIRP_GUEST_ADDRESS, guest_port: f.guestPort },
  });
}
