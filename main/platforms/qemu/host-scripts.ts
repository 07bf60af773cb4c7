// The fixed scripts the QEMU provider runs on a host (every variable part a positional argument).

/** $1 dir, $2 base disk, $3 base format, $4 hostname, $5 address/prefix, $6 gateway, $7... authorized keys. */
export const FILES_SCRIPT = String.raw`set -eu
dir=$1 base=$2 fmt=$3 name=$4 addr=$5 gw=$6
shift 6
mkdir -p "$dir/seed"
chmod 700 "$dir"
qemu-img create -q -f qcow2 -b "$base" -F "$fmt" "$dir/overlay.qcow2"
# The host's own key for this VM: what the host uses to wait for sshd and to run job steps inside the VM.
rm -f "$dir/host_key" "$dir/host_key.pub"
ssh-keygen -q -t ed25519 -N '' -C "virtlab-host-$name" -f "$dir/host_key"
printf '%s\n' "$name" >"$dir/seed/hostname"
printf '%s\n' "$addr" >"$dir/seed/address"
printf '%s\n' "$gw" >"$dir/seed/gateway"
{ for k in "$@"; do printf '%s\n' "$k"; done; cat "$dir/host_key.pub"; } >"$dir/seed/authorized_keys"
rm -f "$dir/seed.img"
mkfs.ext4 -q -L VLSEED -d "$dir/seed" "$dir/seed.img" 4M
rm -rf "$dir/seed"`;

/** $1 the shared home (the same path on every host; group and others may not write it: sshd reads keys there). */
export const HOME_SCRIPT = String.raw`set -eu
mkdir -p "$1/.virtlab/scratch"
chmod 755 "$1"`;

/** $1 tap, $2 mode (routed|bridge), $3 bridge, $4 VM address. */
export const TAP_SCRIPT = String.raw`set -eu
tap=$1 mode=$2 bridge=$3 addr=$4
ip link show "$tap" >/dev/null 2>&1 || ip tuntap add dev "$tap" mode tap
if [ "$mode" = bridge ]; then ip link set "$tap" master "$bridge"; fi
ip link set "$tap" up
if [ "$mode" != bridge ]; then
  # The host routes the VM's address to the tap and answers ARP for the rest of its subnet (gateway included).
  ip route replace "$addr/32" dev "$tap"
  echo 1 >"/proc/sys/net/ipv4/conf/$tap/proxy_arp"
fi`;

/** $1 console log, $2 pidfile, then QEMU's argv: starts it daemonized (returns once QEMU has its files open). */
export const START_SCRIPT = String.raw`set -eu
console=$1 pidfile=$2
shift 2
rm -f "$console" "$pidfile"
"$@"`;

/** $1 console, $2 pidfile, $3 QEMU name: prints the console and whether QEMU runs; exit 0. */
export const STATUS_SCRIPT = String.raw`console=$1 pidfile=$2 name=$3
pid=$(cat "$pidfile" 2>/dev/null || true)
if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF "$name" && ! grep -q '^State:.*Z' "/proc/$pid/status"; then echo "qemu=running"; else echo "qemu=gone"; fi
echo "---console---"
cat "$console" 2>/dev/null || true`;

/** $1 dir, $2 VM address, $3 host key line: one real ssh command into the VM, host key checked strictly. */
export const SSH_PROBE_SCRIPT = String.raw`set -eu
dir=$1 addr=$2 key=$3
printf '%s %s\n' "$addr" "$key" >"$dir/known_hosts"
exec ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$dir/known_hosts" -o ConnectTimeout=10 \
  -o ControlMaster=no -i "$dir/host_key" "root@$addr" 'systemd-detect-virt; nproc; hostname'`;

/**
 * Run inside the VM once ssh answers (idempotent, so a resume may run it again): $1 the shared home's path, $2 its 9p
 * tag. Mounts the home at the same path as on the host, and the VM's own disk over its scratch folder. The runner works
 * with HOME there, so the keys it authorizes (MPI's launcher between the VMs) land in the shared home's
 * .ssh/authorized_keys: root's authorized_keys2, which sshd reads by default, points to it (no sshd reload: a
 * reloading sshd refuses connections for seconds under TCG). Root's own authorized_keys keeps VirtLab's keys.
 */
export const GUEST_SETUP_SCRIPT = String.raw`set -eu
home=$1 tag=$2
mkdir -p "$home"
mountpoint -q "$home" || mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 "$tag" "$home"
mkdir -p /var/lib/virtlab-scratch "$home/.virtlab/scratch"
mountpoint -q "$home/.virtlab/scratch" || mount --bind /var/lib/virtlab-scratch "$home/.virtlab/scratch"
mkdir -p /root/.ssh
ln -sfn "$home/.ssh/authorized_keys" /root/.ssh/authorized_keys2`;

/**
 * $1 pidfile, $2 QEMU name: ends the host's ssh connection into the VM (its control socket beside the pidfile), then
 * stops that QEMU (TERM, then KILL after 10 s) when the pidfile's process is it.
 */
export const STOP_QEMU_SCRIPT = String.raw`pidfile=$1 name=$2
ctl=$(dirname "$pidfile")/ssh.ctl
if [ -S "$ctl" ]; then ssh -F none -o ControlPath="$ctl" -O exit virtlab-vm >/dev/null 2>&1 || true; fi
pid=$(cat "$pidfile" 2>/dev/null || true)
is_it() { [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF "$name" && ! grep -q '^State:.*Z' "/proc/$pid/status"; }
if [ -n "$pid" ] && is_it; then
  kill -TERM "$pid" 2>/dev/null || true
  i=0
  while is_it && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if is_it; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.5; fi
  if is_it; then echo "QEMU $name (pid $pid) did not stop" >&2; exit 1; fi
fi
rm -f "$pidfile"`;

/** $1 tap. */
export const DEL_TAP_SCRIPT = String.raw`if ip link show "$1" >/dev/null 2>&1; then ip link del "$1"; fi`;

/** $1 dir (refuses anything but a VirtLab VM folder). */
export const DEL_DIR_SCRIPT = String.raw`case $(basename "$1") in c[0-9]*-h[0-9]*|c[0-9]*-home) rm -rf "$1" ;; *) echo "not a VirtLab VM folder: $1" >&2; exit 1 ;; esac`;
