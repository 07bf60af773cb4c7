// What the QEMU provider needs to know about a host before any run, in one command (output: key=value lines).
import type { QemuSettings } from './settings.ts';
import { FILE_SUM_FN } from '../common/file-sum.ts';
import { QEMU_BINARY } from './qemu-argv.ts';

export interface HostProbe {
  uid: number;
  tools: Record<string, boolean>;
  cpus: number;
  memoryMiB: number;
  /** /dev/kvm opens read-write. */
  kvmDevice: boolean;
  /** The CPU shows vmx or svm: without them this host's KVM backend cannot boot a stock guest (seen: kvm_pvm). */
  cpuVirtFlags: boolean;
  ipForward: boolean;
  bridgeExists: boolean;
  /** The CPU models this host's QEMU knows (`-cpu help`); empty when QEMU is missing. */
  cpuModels: string[];
  /** File images only: sha256 of the base image (when a checksum is given: hashed once, then read back while the file
   *  is unchanged; '' otherwise), what qemu-img info says of it, kernel and initrd presence. */
  image?: { exists: boolean; sha256: string; info: ImageInfo | { error: string }; kernel: boolean; initrd: boolean };
}

/** qemu-img info's view of a disk: the format it detects (it does not take the user's word), and its backing file. */
export interface ImageInfo {
  format: string;
  backing?: string;
  /** qcow2's corrupt flag (set by QEMU when it found the metadata inconsistent). */
  corrupt: boolean;
}

export const PROBE_TOOLS = [QEMU_BINARY, 'qemu-img', 'mkfs.ext4', 'ip', 'ssh', 'ssh-keygen', 'flock'] as const;

const PROBE_SCRIPT = String.raw`${FILE_SUM_FN}
bridge=$1 image=$2 kernel=$3 initrd=$4 sum=$5
echo "uid=$(id -u)"
for t in ${PROBE_TOOLS.join(' ')}; do if command -v "$t" >/dev/null 2>&1; then echo "tool.$t=1"; else echo "tool.$t=0"; fi; done
echo "cpus=$(nproc)"
echo "memkib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then echo kvm=1; else echo kvm=0; fi
if grep -qwE 'vmx|svm' /proc/cpuinfo; then echo virtflags=1; else echo virtflags=0; fi
echo "forward=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null || echo 0)"
if [ -n "$bridge" ] && [ -d "/sys/class/net/$bridge/bridge" ]; then echo bridge=1; else echo bridge=0; fi
echo "cpumodels=$(${QEMU_BINARY} -cpu help 2>/dev/null | awk '$1 == "x86" { printf "%s ", $2 }')"
if [ -n "$image" ]; then
  if [ ! -f "$image" ]; then echo image=
  else
    if [ "$sum" = 1 ]; then echo "image=$(vl_sum "$image")"; else echo image=unchecked; fi
    # -U: a VM already running from it (a resume) holds its lock. One line of JSON, or qemu-img's error.
    if info=$(qemu-img info --output=json -U "$image" 2>&1); then echo "imageinfo=$(printf '%s' "$info" | tr -d '\n')"
    else echo "imageinfo.error=$(printf '%s' "$info" | tr '\n' ' ')"; fi
  fi
  if [ -f "$kernel" ]; then echo kernel=1; else echo kernel=0; fi
  if [ -f "$initrd" ]; then echo initrd=1; else echo initrd=0; fi
fi`;

/** `image: false` leaves the base image out (prepare only needs the accelerator: the start check looked at the image). */
export function probeArgv(s: QemuSettings, o: { image?: boolean } = {}): string[] {
  const file = s.image.source === 'file' && o.image !== false ? s.image : undefined;
  return [
    'sh',
    '-c',
    PROBE_SCRIPT,
    'virtlab-qemu-probe',
    s.network.mode === 'bridge' ? s.network.bridge : '',
    file?.path ?? '',
    file?.kernel ?? '',
    file?.initrd ?? '',
    file?.sha256 ? '1' : '0',
  ];
}

export function parseProbe(out: string): HostProbe {
  const kv = new Map<string, string>();
  for (const line of out.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) kv.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const tools: Record<string, boolean> = {};
  for (const t of PROBE_TOOLS) tools[t] = kv.get(`tool.${t}`) === '1';
  const sum = kv.get('image') ?? '';
  const image = kv.has('image')
    ? { exists: sum !== '', sha256: sum === 'unchecked' ? '' : sum, info: imageInfo(kv), kernel: kv.get('kernel') === '1', initrd: kv.get('initrd') === '1' }
    : undefined;
  return {
    uid: Number(kv.get('uid') ?? NaN),
    tools,
    cpus: Number(kv.get('cpus') ?? 0),
    memoryMiB: Math.floor(Number(kv.get('memkib') ?? 0) / 1024),
    kvmDevice: kv.get('kvm') === '1',
    cpuVirtFlags: kv.get('virtflags') === '1',
    ipForward: kv.get('forward') === '1',
    bridgeExists: kv.get('bridge') === '1',
    cpuModels: (kv.get('cpumodels') ?? '').split(' ').filter(Boolean),
    ...(image ? { image } : {}),
  };
}

function imageInfo(kv: ReadonlyMap<string, string>): ImageInfo | { error: string } {
  const err = kv.get('imageinfo.error');
  if (err !== undefined) return { error: err.trim() || 'qemu-img info failed' };
  const text = kv.get('imageinfo');
  if (text === undefined) return { error: 'not looked at (the image is missing)' };
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const specific = j['format-specific'] as { data?: { corrupt?: unknown } } | undefined;
    const backing = j['full-backing-filename'] ?? j['backing-filename'];
    return {
      format: typeof j.format === 'string' ? j.format : 'unknown',
      ...(typeof backing === 'string' ? { backing } : {}),
      corrupt: specific?.data?.corrupt === true,
    };
  } catch {
    return { error: `qemu-img info printed no JSON: ${text.slice(0, 200)}` };
  }
}
