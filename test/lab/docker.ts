// One Docker daemon per lab host, for the Docker provider's lab test: dockerd in the host's namespaces with its own
// data root (kept across runs under <lab>/docker/<host>, so an imported image is reused), exec root, pid file and
// socket (under the instance folder), and no firewall or forwarding changes (--iptables=false, --ip-forward=false,
// --bridge=none: no docker0, no NAT, no FORWARD policy). The host's root login reaches it through a docker context in
// its private home, so a plain `docker` over ssh talks to that host's daemon. Stopped by its pid file, never by name.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { IMAGE_PATH } from '../../main/platforms/image/recipe.ts';
import { labRoot, type LabConfig } from './config.ts';
import { inHost } from './slurm.ts';
import type { LabHost, LabInventory } from './inventory.ts';
import { isAlive, stopPid, waitFor } from './pids.ts';

export const dockerDirs = (c: LabConfig, host: string) => {
  const run = resolve(c.dir, 'docker', host);
  return {
    data: resolve(labRoot, 'docker', host),
    run,
    exec: resolve(run, 'exec'),
    pidFile: resolve(run, 'dockerd.pid'),
    socket: resolve(run, 'docker.sock'),
    log: resolve(run, 'dockerd.log'),
  };
};

const readPid = (file: string): number | undefined => {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
};

const START = 'setsid "$@" </dev/null >>"$LOG" 2>&1 &';

async function startOne(c: LabConfig, h: LabHost): Promise<void> {
  const d = dockerDirs(c, h.name);
  if (isAlive(readPid(d.pidFile))) return;
  for (const p of [d.data, d.exec]) mkdirSync(p, { recursive: true });
  await inHost(h, [
    'env',
    `LOG=${d.log}`,
    'sh',
    '-c',
    START,
    'dockerd',
    'dockerd',
    '--data-root',
    d.data,
    '--exec-root',
    d.exec,
    '--pidfile',
    d.pidFile,
    '-H',
    `unix://${d.socket}`,
    '--iptables=false',
    '--ip6tables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--bridge=none',
    '--storage-driver',
    'overlay2',
  ]);
  await waitFor(`dockerd on ${h.name}`, () => isAlive(readPid(d.pidFile)) && existsSync(d.socket), 60_000);
  // The login's docker CLI talks to this daemon (a context in the host's own home).
  await inHost(h, [
    'sh',
    '-c',
    'docker context inspect virtlab-lab >/dev/null 2>&1 || docker context create virtlab-lab --docker "host=unix://$1" >/dev/null; docker context use virtlab-lab >/dev/null',
    'ctx',
    d.socket,
  ]);
  for (let i = 0; ; i++) {
    const ok = await inHost(h, ['docker', 'version', '--format', '{{.Server.Version}}']).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (i > 60) throw new Error(`dockerd on ${h.name} does not answer (see ${d.log})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function dockerUp(c: LabConfig, inv: LabInventory): Promise<void> {
  await Promise.all(inv.hosts.map((h) => startOne(c, h)));
}

/** Stops each host's dockerd by its pid file (it stops its own containerd) and removes its run folder; the data root stays. */
export async function dockerDown(c: LabConfig, inv: LabInventory): Promise<void> {
  await Promise.all(
    inv.hosts.map(async (h) => {
      const d = dockerDirs(c, h.name);
      await stopPid(readPid(d.pidFile), 30_000);
      rmSync(d.run, { recursive: true, force: true });
    }),
  );
}

/** Imports a root file system tarball as `image` on every host's daemon unless it has it already. */
export async function dockerImport(inv: LabInventory, archive: string, image: string): Promise<void> {
  await Promise.all(
    inv.hosts.map((h) =>
      inHost(h, [
        'sh',
        '-c',
        'docker image inspect --format x "$1" >/dev/null 2>&1 || docker import --change "ENV PATH=$3" "$2" "$1" >/dev/null',
        'imp',
        image,
        archive,
        IMAGE_PATH,
      ]),
    ),
  );
}
