// What a plain-QEMU VM platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';

const absPath = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0]*$/, 'an absolute path');
const ipv4 = z.string().regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'an IPv4 address');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex');

/** Where the VM's disk comes from: VirtLab's own Debian image (main/platforms/image/), or one the site has. */
const baseImage = z.discriminatedUnion('source', [
  z.object({ source: z.literal('virtlab') }).strict(),
  z
    .object({
      source: z.literal('file'),
      /** The disk (raw ext4 file system or qcow2) on each host; never changed (each VM gets an overlay). Its format is
       *  checked with qemu-img info before any run (and must stand alone: no backing file). */
      path: absPath,
      format: z.enum(['raw', 'qcow2']),
      /** Checked on each host before any run when given. */
      sha256: sha256.optional(),
      /** The kernel and initramfs that boot it (taken from inside the image when it is VirtLab's). */
      kernel: absPath,
      initrd: absPath,
      /** The root device as the guest kernel sees it. */
      root: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9/=_.:-]+$/)
        .default('/dev/vda'),
    })
    .strict(),
]);

export const qemuSettings = z
  .object({
    image: baseImage.default({ source: 'virtlab' }),
    vcpus: z.number().int().min(1).max(1024).default(1),
    memoryMiB: z
      .number()
      .int()
      .min(256)
      .max(16 * 1024 * 1024)
      .default(1024),
    /** kvm needs /dev/kvm that boots a guest; tcg is full emulation (slow: every figure then says so). */
    accelerator: z
      .enum(['kvm', 'tcg'])
      .default('kvm')
      .describe('kvm: hardware virtualization (needs a usable /dev/kvm on each host); tcg: full emulation, tens of times slower, and every figure says so.'),
    /** Fall back to TCG when KVM cannot boot a guest on a host. */
    allowTcg: z.boolean().default(false).describe('Where KVM cannot boot a guest on a host, emulate (TCG) instead of refusing the platform.'),
    diskBus: z.enum(['virtio', 'ide']).default('virtio'),
    nicModel: z.enum(['virtio', 'e1000']).default('virtio'),
    /** QEMU's -cpu, under KVM and TCG alike; under TCG only max, qemu64 or qemu32 (TCG cannot do `host`, and drops
     *  the features of named models it does not emulate). Stored with the platform, so in each run's
     *  provenance (the facts snapshot's platform makeup). */
    cpuModel: z
      .string()
      .regex(/^[A-Za-z0-9_.,=+-]+$/)
      .max(100)
      .default('max')
      .describe("QEMU's -cpu model (TCG cannot use host)."),
    /** routed: a tap on the host with a host route to the VM's address (proxy ARP on it); bridge: a tap joined to `bridge`. */
    network: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('routed') }).strict(),
        z.object({ mode: z.literal('bridge'), bridge: z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, 'an interface name') }).strict(),
      ])
      .default({ mode: 'routed' }),
    /** One static address per host, in host order (the VM of host i gets addresses[i]). */
    addresses: z.array(ipv4).min(1).max(4096).describe("One static address per host, in the endpoints' order: the VM of host i gets the i-th."),
    prefixLength: z.number().int().min(8).max(32).default(24),
    /** The VM's gateway (on routed networks the host answers for it). */
    gateway: ipv4.optional().describe('Empty: none (on a routed network the host answers for the VM).'),
    /** Public keys the VM accepts for root (VirtLab's own key), one OpenSSH line each. */
    authorizedKeys: z
      .array(z.string().regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( [^\n]*)?$/, 'an OpenSSH public key line'))
      .min(1)
      .max(16)
      .describe("Public keys the VM accepts for root, one OpenSSH line each (VirtLab's own key, to reach it)."),
    /** Boot to the first ssh command; TCG boots take about 45 s on an idle core. */
    bootTimeoutSec: z.number().int().min(10).max(3600).default(300),
    /** How long netserver (any server role) may take to listen inside a VM; default: serverStartSec() below. */
    serverStartTimeoutSec: z.number().int().min(1).max(3600).optional(),
    /** How long a short command inside a VM (a job's status, a liveness check) may take; default: controlSec() below.
     *  The runner's other short-command limits in the VMs (facts probe, tool versions) grow by the same factor. */
    controlTimeoutSec: z.number().int().min(1).max(3600).optional(),
    /** Where the VM's files (overlay, seed, console, pidfile) live on each host. */
    stateDir: absPath.default('/var/lib/virtlab/vms'),
    /** Where VirtLab's image is built and cached on each host. */
    imageDir: absPath.default('/var/lib/virtlab/images'),
    /** Leave the VMs running after the campaign. */
    keep: z.boolean().default(false),
  })
  .strict();
export type QemuSettings = z.infer<typeof qemuSettings>;

/** Under TCG every command inside the guest is emulated: one ssh command takes 1.2-1.7 s on an idle core against about
 *  0.1 s on the host (lab-notes, "Virtual machines"), so about 12 times the runner's 15 s default. */
export const TCG_SERVER_START_SEC = 180;

/** The server start timeout of this platform's VMs: the declared one, else 180 s when the VMs may run under TCG
 *  (accelerator tcg, or KVM with the TCG fallback allowed), else undefined (the runner's default, 15 s). */
export function serverStartSec(s: Pick<QemuSettings, 'serverStartTimeoutSec' | 'accelerator' | 'allowTcg'>): number | undefined {
  if (s.serverStartTimeoutSec !== undefined) return s.serverStartTimeoutSec;
  return s.accelerator === 'tcg' || s.allowTcg ? TCG_SERVER_START_SEC : undefined;
}

/** A short command's limit in TCG VMs: the runner's 15 s for a host, times the same ~12 as TCG_SERVER_START_SEC. At a
 *  load average of 113 a `true` in a TCG VM took more than 15 s and the facts probe more than 30 s (session 7). */
export const TCG_CONTROL_SEC = 180;

/** The short-command limit of this platform's VMs: the declared one, else 180 s when the VMs may run under TCG, else
 *  undefined (the runner's default, 15 s). */
export function controlSec(s: Pick<QemuSettings, 'controlTimeoutSec' | 'accelerator' | 'allowTcg'>): number | undefined {
  if (s.controlTimeoutSec !== undefined) return s.controlTimeoutSec;
  return s.accelerator === 'tcg' || s.allowTcg ? TCG_CONTROL_SEC : undefined;
}
