// `npm run bench -- vms`: what a plain-QEMU VM costs to get, on the lab (its own instance, one host): the time from
// the provider's prepare() to the VM enrolled (booted, host key read from its console, a real ssh command, the shared
// home mounted), and the memory of its QEMU process (VmRSS once enrolled), the median of VIRTLAB_BENCH_BOOTS boots
// (default 3), one after the other, each torn down before the next. Plain figures: nothing on this machine to take a
// ratio against (KVM cannot boot a guest here; boots are TCG, full emulation, 1 vCPU, 1 GiB). The load average is
// printed with each boot: TCG boot time follows the machine's load (150-180 s quiet, 340-360 s at load 20).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sshCommandHost } from '../main/platforms/image/image-host.ts';
import type { HostShell } from '../main/platforms/provider.ts';
import { qemuProvider } from '../main/platforms/qemu/provider.ts';
import { qemuSettings } from '../main/platforms/qemu/settings.ts';
import { labDown, labUp } from '../test/lab/api.ts';
import { LAB_IMAGE_DIR } from '../test/lab/images.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { openLab } from '../test/main/ssh/support/lab.ts';
import { MemoryLedger } from '../test/main/platforms/qemu/support/memory-ledger.ts';

const config = LAB_INSTANCES.vmsBench;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(): Promise<object> {
  const boots = Number(process.env.VIRTLAB_BENCH_BOOTS ?? '3');
  await labUp({ hosts: 1, config });
  const lab = await openLab(config);
  const pool = lab.pool();
  const h = lab.inv.hosts[0]!;
  const c = sshCommandHost(pool.host(lab.rootEndpoint(h)));
  const host: HostShell = { name: h.name, address: h.address, ordinal: 0, run: (argv, o) => c.run(argv, o) };
  const settings = qemuSettings.parse({
    accelerator: 'kvm',
    allowTcg: true,
    vcpus: 1,
    memoryMiB: 1024,
    addresses: [`10.${config.octet}.1.3`],
    prefixLength: 16,
    authorizedKeys: [readFileSync(`${lab.inv.keyPath}.pub`, 'utf8').trim()],
    stateDir: '/root/vl-vms',
    imageDir: LAB_IMAGE_DIR,
    bootTimeoutSec: 1200,
  });
  const seconds: number[] = [];
  const rssMiB: number[] = [];
  try {
    for (let i = 0; i < boots; i++) {
      const ledger = new MemoryLedger();
      const ctx = { campaignId: 950 + i, platform: 'bench', settings, hosts: [host], ledger, say: () => {} };
      const load = loadavg()[0]!;
      const t0 = performance.now();
      try {
        await qemuProvider.prepare(ctx);
        const sec = (performance.now() - t0) / 1000;
        const pidfile = ledger.entries.find((e) => e.kind === 'qemu')!.handle;
        const status = await host.run(['sh', '-c', 'cat "/proc/$(cat "$1")/status"', 'vms-bench', pidfile]);
        const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status.stdout)?.[1] ?? NaN) / 1024;
        seconds.push(sec);
        rssMiB.push(rss);
        console.log(`boot ${i + 1}: prepare to enrolled ${sec.toFixed(1)} s, QEMU VmRSS ${rss.toFixed(0)} MiB (load average ${load.toFixed(1)} at the start)`);
      } finally {
        const left = await qemuProvider.teardown(ledger.open(), { hostOf: () => host, ledger, say: () => {} });
        if (left.length) console.log(`left after boot ${i + 1}: ${left.join('; ')}`);
      }
    }
  } finally {
    pool.closeAll();
    await labDown(config);
  }
  return {
    boots,
    accelerator: 'tcg',
    vcpus: 1,
    memoryMiB: 1024,
    prepareToEnrolledSec: { median: Number(median(seconds).toFixed(1)), all: seconds.map((s) => Number(s.toFixed(1))) },
    qemuRssMiB: { median: Math.round(median(rssMiB)), all: rssMiB.map(Math.round) },
  };
}
