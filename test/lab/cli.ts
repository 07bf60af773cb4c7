// `npm run lab:up -- N [--shape host=NAME,rate=RATE]... [--userspace-net HOST[,via=slirp4netns][,tcp=H:G][,udp=H:G]]...`
// `npm run lab:down`, and `node bin/run-ts.mjs test/lab/cli.ts <fault> NAME`.
import { hostLinkDown, hostLinkUp, labDown, labUp, sshdRestart, sshdStart, sshdStop } from './api.ts';
import type { LabForward, UserspaceNetSpec } from './api.ts';
import { labImage, labVmDisk } from './images.ts';

const USAGE = `usage:
  lab up N [--shape host=NAME,rate=100mbit]... [--userspace-net HOST[,via=slirp4netns][,tcp=HOSTPORT:GUESTPORT][,udp=...]]...
  lab down
  lab images                                   (builds the benchmark images and the VM disk once; cached)
  lab host-down NAME | host-up NAME | sshd-stop NAME | sshd-start NAME | sshd-restart NAME`;

function kv(spec: string): [string, string][] {
  return spec.split(',').map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? ['host', p] : [p.slice(0, at), p.slice(at + 1)];
  });
}

function forward(proto: string, v: string): LabForward {
  const [h, g] = v.split(':');
  const hostPort = Number(h);
  const guestPort = Number(g ?? h);
  if (!Number.isInteger(hostPort) || !Number.isInteger(guestPort)) throw new Error(`bad forward ${proto}=${v}`);
  return { proto: proto as 'tcp' | 'udp', hostPort, guestPort };
}

async function upCommand(args: string[]): Promise<void> {
  const hosts = Number(args[0]);
  const shape: Record<string, string> = {};
  const userspaceNet: UserspaceNetSpec[] = [];
  for (let k = 1; k < args.length; k += 2) {
    const flag = args[k];
    const value = args[k + 1];
    if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
    const pairs = kv(value);
    if (flag === '--shape') {
      const m = Object.fromEntries(pairs);
      if (!m.host || !m.rate) throw new Error(`--shape needs host=NAME,rate=RATE`);
      shape[m.host] = m.rate;
    } else if (flag === '--userspace-net') {
      const spec: UserspaceNetSpec = { host: '', forwards: [] };
      for (const [key, v] of pairs) {
        if (key === 'host') spec.host = v;
        else if (key === 'via') spec.via = v as 'slirp4netns' | 'pasta';
        else if (key === 'tcp' || key === 'udp') spec.forwards!.push(forward(key, v));
        else throw new Error(`unknown --userspace-net key ${key}`);
      }
      userspaceNet.push(spec);
    } else {
      throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  const t0 = performance.now();
  const inv = await labUp({ hosts, shape, userspaceNet });
  const ms = Math.round(performance.now() - t0);
  console.log(
    `lab up: ${inv.hosts.length} hosts + ${inv.guests.length} guests in ${ms} ms; inventory ${inv.knownHostsPath.replace(/known_hosts$/, 'inventory.json')}`,
  );
  for (const e of [...inv.hosts, ...inv.guests]) console.log(`  ${e.name.padEnd(12)} ${e.address}:${e.port}  ${e.hostKeyFingerprint}`);
}

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  const name = args[0] ?? '';
  const needName = () => {
    if (!name) throw new Error(`${cmd} needs an endpoint name\n${USAGE}`);
  };
  switch (cmd) {
    case 'up':
      return upCommand(args);
    case 'down': {
      const t0 = performance.now();
      await labDown();
      console.log(`lab down in ${Math.round(performance.now() - t0)} ms`);
      return;
    }
    case 'images': {
      for (const kind of ['base', 'vm'] as const) {
        const t0 = performance.now();
        const img = await labImage(kind, (l) => console.log(`  ${kind}: ${l}`));
        console.log(`lab image ${kind}: ${img.path} (${img.reused ? 'cached' : `built in ${Math.round((performance.now() - t0) / 1000)} s`})`);
      }
      const t0 = performance.now();
      const disk = await labVmDisk();
      console.log(`lab VM disk: ${disk.disk} (${disk.reused ? 'cached' : `made in ${Math.round((performance.now() - t0) / 1000)} s`})`);
      return;
    }
    case 'host-down':
      needName();
      return hostLinkDown(name);
    case 'host-up':
      needName();
      return hostLinkUp(name);
    case 'sshd-stop':
      needName();
      await sshdStop(name);
      return;
    case 'sshd-start':
      needName();
      await sshdStart(name);
      return;
    case 'sshd-restart':
      needName();
      await sshdRestart(name);
      return;
    default:
      throw new Error(USAGE);
  }
}

main().catch((err: unknown) => {
  console.error(`lab: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
