// `npm run bench -- fanout`: `hostname` on 16 lab hosts, timed four ways (median of several runs each):
// VirtLab cold (new connections), VirtLab warm (pooled connections), pdsh -R ssh, and a sequential OpenSSH loop.
// Runs on a private lab instance so it neither disturbs nor is disturbed by suites on the shared lab.
import { spawn } from 'node:child_process';
import { fanout } from '../main/ssh/fanout.ts';
import { SshPool } from '../main/ssh/pool.ts';
import type { SshEndpoint } from '../main/ssh/endpoint.ts';
import { assertLabTarget, labDown, labUp, type LabConfig, type LabInventory } from '../test/lab/api.ts';
import { strictHostKeys } from '../test/main/ssh/support/strict-host-keys.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';

const HOSTS = 16;
const config: LabConfig = LAB_INSTANCES.fanoutBench;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function spawnText(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    p.on('close', (code) => (code === 0 ? res(out) : rej(new Error(`${cmd} exited ${code}: ${err.trim()}`))));
  });
}

async function timed(f: () => Promise<string[]>, expected: string[]): Promise<number> {
  const t0 = performance.now();
  const names = await f();
  const ms = performance.now() - t0;
  if ([...names].sort().join(',') !== [...expected].sort().join(',')) throw new Error(`wrong hostnames: ${names.join(',')}`);
  return ms;
}

const sshOpts = (inv: LabInventory) => [
  '-i',
  inv.keyPath,
  '-o',
  'IdentitiesOnly=yes',
  '-o',
  `UserKnownHostsFile=${inv.knownHostsPath}`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=5',
];

export async function run(): Promise<object> {
  const inv = await labUp({ hosts: HOSTS, config });
  try {
    const hosts = inv.hosts.slice(0, HOSTS);
    for (const h of hosts) await assertLabTarget(h.address, inv.bridge);
    const expected = hosts.map((h) => h.hostname);
    const endpoints: SshEndpoint[] = hosts.map((h) => ({
      address: h.address,
      port: h.port,
      user: 'root',
      auth: [{ method: 'publickey', keyPath: inv.keyPath }],
    }));
    const hostKeys = strictHostKeys(inv.knownHostsPath);
    const names = (rs: Awaited<ReturnType<typeof fanout>>) => rs.map((r) => ('stdout' in r ? r.stdout.trim() : `ERROR ${r.error}`));
    const runs = Number(process.env.VIRTLAB_BENCH_RUNS ?? '7');

    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const pool = new SshPool({ hostKeys });
      cold.push(await timed(async () => names(await fanout(pool, endpoints, ['hostname'], { concurrency: HOSTS, timeoutMs: 20_000 })), expected));
      await pool.closeAll();
    }

    const warmPool = new SshPool({ hostKeys });
    await fanout(warmPool, endpoints, ['true'], { concurrency: HOSTS });
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      warm.push(await timed(async () => names(await fanout(warmPool, endpoints, ['hostname'], { concurrency: HOSTS, timeoutMs: 20_000 })), expected));
    }
    await warmPool.closeAll();

    // pdsh over OpenSSH with the lab key and known_hosts, host key checking on (PDSH_SSH_ARGS keeps %u/%h).
    const pdshEnv = { ...process.env, PDSH_SSH_ARGS: [...sshOpts(inv), '-l%u', '%h'].join(' ') };
    const pdsh: number[] = [];
    for (let i = 0; i < runs; i++) {
      pdsh.push(
        await timed(async () => {
          const out = await spawnText(
            'pdsh',
            ['-R', 'ssh', '-l', 'root', '-f', String(HOSTS), '-w', hosts.map((h) => h.address).join(','), 'hostname'],
            pdshEnv,
          );
          return out
            .trim()
            .split('\n')
            .map((l) => l.split(': ').slice(1).join(': ').trim());
        }, expected),
      );
    }

    const loop: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      loop.push(
        await timed(async () => {
          const out: string[] = [];
          for (const h of hosts) out.push((await spawnText('ssh', [...sshOpts(inv), '-p', String(h.port), `root@${h.address}`, 'hostname'])).trim());
          return out;
        }, expected),
      );
    }

    const r = (x: number) => Math.round(x * 10) / 10;
    const m = { cold: median(cold), warm: median(warm), pdsh: median(pdsh), sshLoop: median(loop) };
    return {
      hosts: HOSTS,
      runs,
      medianMs: { virtlabCold: r(m.cold), virtlabWarm: r(m.warm), pdsh: r(m.pdsh), sshSequential: r(m.sshLoop) },
      ratios: {
        coldOverPdsh: Number((m.cold / m.pdsh).toFixed(3)),
        warmOverPdsh: Number((m.warm / m.pdsh).toFixed(3)),
        pdshOverWarm: Number((m.pdsh / m.warm).toFixed(1)),
      },
      targets: { coldAtMost1_5xPdsh: m.cold <= 1.5 * m.pdsh, warmAtLeast5xFasterThanPdsh: m.pdsh >= 5 * m.warm },
      samplesMs: { virtlabCold: cold.map(r), virtlabWarm: warm.map(r), pdsh: pdsh.map(r), sshSequential: loop.map(r) },
    };
  } finally {
    await labDown(config);
  }
}
