// `npm run bench -- containers`: what a container runtime costs, on the lab (instance vn, one host; the Podman lab
// file's instance, so not at the same time as that file): per runtime (Podman bridge, Podman slirp4netns, Docker
// bridge, LXC, Charliecloud) the time from the provider's prepare() to ready (its health check answered), the median
// of VIRTLAB_BENCH_PREPARES preparations (default 3), each torn down before the next; and the per-run overhead of
// running through the runtime: the same short command (`true`) natively on the host and through the provider's wrap
// (podman/docker exec, lxc-attach, ch-run), over the same SSH session, alternated, VIRTLAB_BENCH_PAIRS pairs per
// prepared guest (default 10), as the median guest time over the median native time. Native prepares nothing, so
// time to ready is in seconds (its ratio to native has no denominator); the command's ratio is against native
// measured in the same run. Load average printed: on 2 shared cores the figures follow it.
import { loadavg } from 'node:os';
import { sshCommandHost } from '../main/platforms/image/image-host.ts';
import type { AnyPlatformProvider, HostShell } from '../main/platforms/provider.ts';
import { providerNamed } from '../main/platforms/registry.ts';
import { labDown, labUp } from '../test/lab/api.ts';
import { mountCgroups } from '../test/lab/cgroups.ts';
import { dockerDown, dockerUp } from '../test/lab/docker.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { ociBaseImages } from '../test/lab/oci-images.ts';
import { MemoryLedger } from '../test/main/platforms/qemu/support/memory-ledger.ts';
import { openLab } from '../test/main/ssh/support/lab.ts';

const config = LAB_INSTANCES.containers;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r3 = (x: number) => Number(x.toFixed(3));

async function timed(host: HostShell, argv: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const r = await host.run(argv, { timeoutMs: 60_000 });
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${argv.join(' ')} on ${host.name} failed (exit code ${r.code}): ${r.stderr.trim()}`);
  return ms;
}

interface Row {
  runtime: string;
  readySec: number[];
  nativeMs: number[];
  guestMs: number[];
}

export async function run(): Promise<object> {
  const prepares = Number(process.env.VIRTLAB_BENCH_PREPARES ?? '3');
  const pairs = Number(process.env.VIRTLAB_BENCH_PAIRS ?? '10');
  const inv = await labUp({ hosts: 1, config });
  const lab = await openLab(config);
  const pool = lab.pool();
  const rows: Row[] = [];
  try {
    const h = inv.hosts[0]!;
    await mountCgroups(h);
    await dockerUp(config, inv);
    const images = await ociBaseImages(inv);
    const c = sshCommandHost(pool.host(lab.rootEndpoint(h)));
    const host: HostShell = { name: h.name, address: h.address, ordinal: 0, run: (argv, o) => c.run(argv, o) };
    const runtimes: [string, string, Record<string, unknown>][] = [
      ['podman bridge', 'podman', { image: images.podman, network: 'bridge' }],
      ['podman slirp4netns', 'podman', { image: images.podman, network: 'slirp4netns' }],
      ['docker bridge', 'docker', { image: images.docker, network: 'bridge' }],
      ['lxc bridge', 'lxc', { imageArchive: images.archive, network: 'bridge' }],
      ['charliecloud', 'charliecloud', { imageArchive: images.archive }],
    ];
    let campaignId = 960;
    for (const [runtime, name, raw] of runtimes) {
      const provider: AnyPlatformProvider = providerNamed(name)!;
      const settings: unknown = provider.describe.settings.parse(raw);
      const row: Row = { runtime, readySec: [], nativeMs: [], guestMs: [] };
      for (let i = 0; i < prepares; i++) {
        const ledger = new MemoryLedger();
        const ctx = { campaignId: campaignId++, platform: 'bench', settings, hosts: [host], ledger, say: () => {} };
        const load = loadavg()[0]!;
        const t0 = performance.now();
        try {
          await provider.prepare(ctx);
          const problems = await provider.health(ctx);
          if (problems.length) throw new Error(`${runtime} not ready: ${problems.join('; ')}`);
          row.readySec.push((performance.now() - t0) / 1000);
          const guest = { campaignId: ctx.campaignId, platform: 'bench', settings, host: { name: host.name, address: host.address, ordinal: 0 } };
          for (let k = 0; k < pairs; k++) {
            // Alternated, and which goes first alternates too, so a drift of the machine's load falls on both.
            if (k % 2 === 0) {
              row.nativeMs.push(await timed(host, ['true']));
              row.guestMs.push(await timed(host, provider.wrap(guest, ['true'])));
            } else {
              row.guestMs.push(await timed(host, provider.wrap(guest, ['true'])));
              row.nativeMs.push(await timed(host, ['true']));
            }
          }
          console.log(`${runtime} ${i + 1}: prepare to ready ${row.readySec.at(-1)!.toFixed(1)} s (load average ${load.toFixed(1)} at the start)`);
        } finally {
          const left = await provider.teardown([...ledger.open()].reverse(), { hostOf: () => host, ledger, say: () => {} });
          if (left.length) console.log(`left after ${runtime} ${i + 1}: ${left.join('; ')}`);
        }
      }
      rows.push(row);
    }
  } finally {
    pool.closeAll();
    await dockerDown(config, inv);
    await labDown(config);
  }
  console.log('\n| runtime | prepare to ready, median s | native `true`, median ms | through the runtime, median ms | ratio to native | overhead ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const out = rows.map((r) => {
    const [n, g] = [median(r.nativeMs), median(r.guestMs)];
    console.log(`| ${r.runtime} | ${median(r.readySec).toFixed(1)} | ${n.toFixed(1)} | ${g.toFixed(1)} | ${(g / n).toFixed(2)} | ${(g - n).toFixed(1)} |`);
    return {
      runtime: r.runtime,
      readySec: { median: r3(median(r.readySec)), all: r.readySec.map(r3) },
      commandMs: { native: r3(n), guest: r3(g), pairs: r.nativeMs.length },
      commandRatioToNative: r3(g / n),
      overheadMs: r3(g - n),
    };
  });
  return { prepares, pairsPerPrepare: pairs, loadAverage: r3(loadavg()[0]!), runtimes: out };
}
