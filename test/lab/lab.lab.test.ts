// The lab itself, end to end over real sshd: identities, host keys, users, routing guard, shaping and faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './exec.ts';
import {
  assertLabTarget,
  endpoint,
  execIn,
  hostLinkDown,
  hostLinkUp,
  isAlive,
  labDown,
  labUp,
  loadInventory,
  shapeLink,
  spawnIn,
  sshArgs,
  sshdRestart,
  sshdStart,
  sshdStop,
  stopPid,
  unshapeLink,
} from './api.ts';
import type { LabConfig, LabEndpointAny, LabInventory } from './api.ts';
import { ssh2Exec } from './ssh2-client.ts';
import { sleep } from './pids.ts';
import { LAB_INSTANCES } from './instances.ts';

const inv = loadInventory();
const hosts = inv.hosts.slice(0, 4);
const guests = inv.guests.slice(0, 4);
const all: LabEndpointAny[] = [...hosts, ...guests];

const openssh = async (e: LabEndpointAny, command: string, extra: string[] = [], within: LabInventory = inv) =>
  (await run('ssh', [...extra, ...sshArgs(within, e), '--', command])).stdout.trim();

describe('lab inventory', () => {
  it('has 4 hosts, each with one os-level guest on its own subnet', () => {
    expect(hosts).toHaveLength(4);
    expect(guests.map((g) => g.host)).toEqual(hosts.map((h) => h.name));
    for (const g of guests) {
      expect(g.technology).toBe('os-level');
      expect(g.network).toBe('veth');
      expect(g.subnet).toMatch(/^10\.213\.\d+\.0\/24$/);
    }
    expect(new Set(all.map((e) => e.hostKeyFingerprint)).size).toBe(8);
  });

  it('records fingerprints exactly as ssh-keygen -lf prints them', async () => {
    for (const e of [hosts[0]!, guests[0]!]) {
      const out = (await run('ssh-keygen', ['-lf', `${e.dir}/ssh/ssh_host_ed25519_key.pub`])).stdout;
      expect(out.split(' ')[1]).toBe(e.hostKeyFingerprint);
    }
  });
});

describe('ssh2 with host key verification', () => {
  it('runs hostname on all 8 endpoints and each answers its own name', async () => {
    const answers = await Promise.all(all.map((e) => ssh2Exec(inv, e, 'hostname')));
    expect(answers.map((a) => a.stdout.trim())).toEqual(all.map((e) => e.hostname));
    expect(new Set(answers.map((a) => a.stdout.trim())).size).toBe(8);
  });

  it('rejects an endpoint whose key does not match the expected fingerprint', async () => {
    const wrong = guests[1]!.hostKeyFingerprint;
    await expect(ssh2Exec(inv, hosts[0]!, 'hostname', { expectFingerprint: wrong })).rejects.toThrow(/verification failed/i);
  });

  it('lets the lab users in by password and by keyboard-interactive, not root by password', async () => {
    const [vlab, vlabnp] = inv.passwordUsers;
    const byPassword = await ssh2Exec(inv, hosts[1]!, 'id -un', { auth: { kind: 'password', user: vlab!.name, password: vlab!.password } });
    expect(byPassword.stdout.trim()).toBe('vlab');
    const byKbd = await ssh2Exec(inv, guests[1]!, 'id -un; echo $HOME', {
      auth: { kind: 'keyboard-interactive', user: vlabnp!.name, password: vlabnp!.password },
    });
    expect(byKbd.stdout.trim().split('\n')).toEqual(['vlabnp', '/home/vlabnp']);
    await expect(ssh2Exec(inv, hosts[1]!, 'id', { auth: { kind: 'password', user: vlab!.name, password: 'wrong-password' } })).rejects.toThrow(
      /authentication/i,
    );
    await expect(ssh2Exec(inv, hosts[1]!, 'id', { auth: { kind: 'password', user: 'root', password: vlab!.password } })).rejects.toThrow(/authentication/i);
  });

  it('gives the lab users sudo as the inventory says', async () => {
    const [vlab, vlabnp] = inv.passwordUsers;
    if (!inv.sudoInstalled) {
      // sudo is not on this machine: the inventory must not promise it.
      expect([vlab!.sudo, vlabnp!.sudo]).toEqual(['none', 'none']);
      return;
    }
    const withPw = await ssh2Exec(inv, hosts[0]!, `echo '${vlab!.password}' | sudo -S -p '' id -u`, {
      auth: { kind: 'password', user: vlab!.name, password: vlab!.password },
    });
    expect(withPw.stdout.trim()).toBe('0');
    const noPw = await ssh2Exec(inv, guests[0]!, 'sudo -n id -u', { auth: { kind: 'password', user: vlabnp!.name, password: vlabnp!.password } });
    expect(noPw.stdout.trim()).toBe('0');
    const vlabNoPw = await ssh2Exec(inv, hosts[0]!, 'sudo -n id -u', { auth: { kind: 'password', user: vlab!.name, password: vlab!.password } });
    expect(vlabNoPw.code).not.toBe(0);
  });
});

describe('OpenSSH between endpoints, host key checking on', () => {
  it('reaches a guest from a host and a host from a guest, and guest to guest', async () => {
    const strict = 'ssh -o StrictHostKeyChecking=yes -o BatchMode=yes';
    expect(await openssh(hosts[0]!, `${strict} ${guests[1]!.name} hostname`)).toBe(guests[1]!.hostname);
    expect(await openssh(guests[2]!, `${strict} ${hosts[3]!.address} hostname`)).toBe(hosts[3]!.hostname);
    expect(await openssh(guests[0]!, `${strict} ${guests[3]!.name} hostname`)).toBe(guests[3]!.hostname);
  });

  it('refuses an endpoint whose key is not the one in known_hosts', async () => {
    // Ask h01 for h02's address under h03's known_hosts entry: the presented key differs, so ssh must refuse.
    const cmd = `ssh -o StrictHostKeyChecking=yes -o BatchMode=yes -o HostKeyAlias=${hosts[2]!.address} ${hosts[1]!.address} hostname`;
    await expect(openssh(hosts[0]!, cmd)).rejects.toThrow(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });
});

describe('each endpoint is its own machine', () => {
  it('has a private /tmp, a minimal root home and its own hostname', async () => {
    const marker = `lab-${process.pid}`;
    await openssh(hosts[0]!, `echo x > /tmp/${marker}`);
    expect(await openssh(hosts[0]!, `ls /tmp/${marker}`)).toBe(`/tmp/${marker}`);
    expect(await openssh(hosts[1]!, `ls /tmp/${marker} 2>/dev/null || echo absent`)).toBe('absent');
    expect(await openssh(guests[0]!, `ls /tmp/${marker} 2>/dev/null || echo absent`)).toBe('absent');
    expect(await openssh(hosts[0]!, 'cat ~/.bashrc')).toBe('# virtlab lab home');
  });

  it('marks guests as containers: container= in PID 1 env, systemd-detect-virt says so', async () => {
    const g = guests[0]!;
    expect(await openssh(g, "tr '\\0' '\\n' < /proc/1/environ | grep '^container='")).toBe(`container=${inv.containerEnv}`);
    const virt = await openssh(g, 'systemd-detect-virt --container || true');
    expect(virt).toBe(inv.detectVirt);
    expect(virt).toBe('container-other');
    expect(await openssh(g, 'readlink /proc/1/exe')).toMatch(/(dash|sh)$/);
  });
});

describe('routing guard', () => {
  it('accepts lab endpoints and loopback, refuses addresses outside the lab bridge', async () => {
    for (const e of all) await assertLabTarget(e.address);
    await assertLabTarget('127.0.0.1');
    await expect(assertLabTarget('10.213.250.9')).rejects.toThrow(/unreachable/);
    await expect(assertLabTarget('192.0.2.1')).rejects.toThrow(/refusing/);
  });
});

// Shaping and faults disturb whoever else uses a host, so they run on a private 2-host instance (vf-, 10.216/16).
const faultConfig: LabConfig = LAB_INSTANCES.faults;

describe('shaping and faults (private instance)', () => {
  let f: LabInventory;
  beforeAll(async () => {
    f = await labUp({ hosts: 2, config: faultConfig });
  });
  afterAll(async () => {
    await labDown(faultConfig);
  });

  async function netperfMbit(target: LabEndpointAny, port: number): Promise<number> {
    await assertLabTarget(target.address, f.bridge);
    const out = (
      await run('netperf', ['-P', '0', '-H', target.address, '-p', String(port), '-t', 'TCP_STREAM', '-l', '2', '--', '-P', `${port + 1}`])
    ).stdout.trim();
    return Number(out.split(/\s+/).at(-1));
  }

  // The rate netperf then measures is a measurement, not a test: `npm run bench -- netperf-shaping`.
  it('shapes a host link with tbf on both ends and netperf runs through it', async () => {
    const h = f.hosts[1]!;
    const port = 12865;
    // netserver in h02's own namespace: the port is free there whatever the machine runs on loopback.
    const server = spawnIn(h, ['netserver', '-D', '-p', String(port)]);
    try {
      // Wait for the listener itself, not a fixed time.
      while (!(await execIn(h, ['ss', '-ltnH', `sport = :${port}`])).trim()) await sleep(50);
      await shapeLink(h.name, '100mbit', faultConfig);
      expect(endpoint(loadInventory(faultConfig), h.name).shape).toBe('100mbit');
      const inside = (await run('tc', ['-n', h.netns, 'qdisc', 'show', 'dev', 'eth0'])).stdout;
      const bridgeSide = (await run('tc', ['qdisc', 'show', 'dev', h.veth])).stdout;
      for (const q of [inside, bridgeSide]) expect(q).toMatch(/qdisc tbf \S+ root .*rate 100Mbit/);
      const shaped = await netperfMbit(h, port);
      console.log(`[lab] netperf TCP_STREAM to ${h.name} through tbf 100mbit: ${shaped} Mbit/s`);
      expect(Number.isFinite(shaped) && shaped > 0).toBe(true);
      await unshapeLink(h.name, faultConfig);
      expect((await run('tc', ['-n', h.netns, 'qdisc', 'show', 'dev', 'eth0'])).stdout).not.toMatch(/tbf/);
    } finally {
      await unshapeLink(h.name, faultConfig);
      await stopPid(server.pid);
    }
    expect(isAlive(server.pid)).toBe(false);
  });

  it('host-down makes ssh fail (host and its guest) and host-up restores it', async () => {
    const h = f.hosts[0]!;
    const g = f.guests[0]!;
    await hostLinkDown(h.name, faultConfig);
    try {
      await expect(openssh(h, 'hostname', ['-o', 'ConnectTimeout=2'], f)).rejects.toThrow();
      await expect(openssh(g, 'hostname', ['-o', 'ConnectTimeout=2'], f)).rejects.toThrow();
      expect(await openssh(f.hosts[1]!, 'hostname', [], f)).toBe(f.hosts[1]!.hostname);
    } finally {
      await hostLinkUp(h.name, faultConfig);
    }
    expect(await openssh(h, 'hostname', [], f)).toBe(h.hostname);
    expect(await openssh(g, 'hostname', [], f)).toBe(g.hostname);
  });

  it('sshd-stop refuses connections, sshd-start and sshd-restart bring a new sshd', async () => {
    for (const e of [f.hosts[1]!, f.guests[1]!]) {
      const old = endpoint(loadInventory(faultConfig), e.name).pids.sshd;
      await sshdStop(e.name, faultConfig);
      expect(isAlive(old)).toBe(false);
      await expect(openssh(e, 'hostname', [], f)).rejects.toThrow(/refused/);
      const started = endpoint(await sshdStart(e.name, faultConfig), e.name).pids.sshd;
      expect(isAlive(started)).toBe(true);
      expect(await openssh(e, 'hostname', [], f)).toBe(e.hostname);
      const restarted = endpoint(await sshdRestart(e.name, faultConfig), e.name).pids.sshd;
      expect(restarted).not.toBe(started);
      expect(isAlive(started)).toBe(false);
      expect((await ssh2Exec(f, e, 'hostname')).stdout.trim()).toBe(e.hostname);
    }
  });
});
