// What the VM image adds on top of the base after its packages (kernel, systemd, udev, sshd): VirtLab's seed unit,
// which reads the seed disk each VM gets (hostname, address, gateway, authorized keys), makes the VM's own sshd host
// key and prints it on the serial console where the host reads it; networkd; no serial getty. Run by the build
// script with the root folder as $1. Kept apart from the build script so changing it renames only the VM image.
export const VM_PIECES_SCRIPT = String.raw`set -eu
root=$1
# Host keys are made at first boot by the seed unit, so two VMs from one image never share a key.
rm -f "$root"/etc/ssh/ssh_host_*
cat >"$root/usr/local/sbin/virtlab-seed" <<'SEED'
#!/bin/sh
# Reads VirtLab's seed disk (ext4 labelled VLSEED: hostname, address, gateway, authorized_keys), configures the
# guest, makes its sshd host key and prints the public key to the serial console, where the host reads it.
set -eu
i=0
while [ ! -e /dev/disk/by-label/VLSEED ] && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
mkdir -p /run/virtlab-seed
mount -o ro /dev/disk/by-label/VLSEED /run/virtlab-seed
s=/run/virtlab-seed
hostname "$(cat $s/hostname)"
cat $s/hostname >/etc/hostname
mkdir -p /etc/systemd/network /root/.ssh
{
printf '[Match]\nName=en* eth*\n\n[Network]\nAddress=%s\n' "$(cat $s/address)"
if [ -s $s/gateway ]; then printf 'Gateway=%s\n' "$(cat $s/gateway)"; fi
} >/etc/systemd/network/10-virtlab.network
install -m 600 $s/authorized_keys /root/.ssh/authorized_keys
chmod 700 /root/.ssh
rm -f /etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
printf 'VIRTLAB-HOSTKEY %s\n' "$(cat /etc/ssh/ssh_host_ed25519_key.pub)" >/dev/ttyS0
umount /run/virtlab-seed
SEED
chmod 755 "$root/usr/local/sbin/virtlab-seed"
cat >"$root/etc/systemd/system/virtlab-seed.service" <<'UNIT'
[Unit]
Description=VirtLab seed (address, key, host key)
After=systemd-udevd.service local-fs.target
Before=ssh.service systemd-networkd.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/virtlab-seed
StandardOutput=journal+console
[Install]
WantedBy=multi-user.target
UNIT
printf 'HostKey /etc/ssh/ssh_host_ed25519_key\nPasswordAuthentication no\nUseDNS no\n' >"$root/etc/ssh/sshd_config.d/virtlab.conf"
printf '/dev/vda / ext4 defaults 0 1\n' >"$root/etc/fstab"
chroot "$root" systemctl enable virtlab-seed.service systemd-networkd.service ssh.service >/dev/null 2>&1
# A serial login prompt is of no use here, and getty on ttyS0 would compete with the host key line.
chroot "$root" systemctl mask serial-getty@ttyS0.service getty@tty1.service >/dev/null 2>&1
# Debian's netperf package starts a netserver on port 12865 at boot: the runner starts its own, owned by pid, on a
# port it picks (a daemon nobody owns would hold that port and run beside every measurement).
sed -i 's/^NETSERVER_ENABLE=.*/NETSERVER_ENABLE=NO/' "$root/etc/default/netperf"
chroot "$root" systemctl mask netperf.service >/dev/null 2>&1
# Periodic jobs that would run during a measurement (and slow a TCG boot): none in a benchmark VM.
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer logrotate.timer dpkg-db-backup.timer >/dev/null 2>&1
`;
