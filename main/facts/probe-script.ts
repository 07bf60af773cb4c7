// The one POSIX script a facts probe runs: every fact on its own `key=value` line, values on one line,
// nothing interpreted here (the parser decides). Missing tools just leave their keys out.
export const FACTS_PROBE = String.raw`
export LC_ALL=C
one() { tr '\n' '|' | sed 's/|$//'; }
have() { command -v "$1" >/dev/null 2>&1; }
echo "probe.version=1"
echo "hostname=$(hostname 2>/dev/null || uname -n)"
echo "kernel=$(uname -r)"
echo "arch=$(uname -m)"
[ -r /etc/os-release ] && sed -n 's/^\([A-Z_]*\)=\(.*\)$/os.\1=\2/p' /etc/os-release
have lscpu && lscpu 2>/dev/null | grep -v '^\(Vulnerability\|Flags\)' | sed -n 's/^\([^:]*\):[[:space:]]*\(.*\)$/lscpu.\1=\2/p'
if [ -r /proc/cpuinfo ]; then
  echo "cpuinfo.processors=$(grep -c '^processor' /proc/cpuinfo)"
  echo "cpuinfo.model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)"
  echo "cpuinfo.physical_ids=$(sed -n 's/^physical id[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | sort -u | wc -l | tr -d ' ')"
  echo "cpuinfo.cpu_cores=$(sed -n 's/^cpu cores[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)"
  echo "cpuinfo.siblings=$(sed -n 's/^siblings[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)"
  if grep -q '^flags.*[[:space:]]hypervisor\([[:space:]]\|$\)' /proc/cpuinfo; then echo "cpuinfo.hypervisor_flag=yes"; else echo "cpuinfo.hypervisor_flag=no"; fi
fi
[ -r /proc/meminfo ] && echo "mem.total_kb=$(sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\).*/\1/p' /proc/meminfo)"
[ -d /sys/devices/system/node ] && echo "numa.sysfs_nodes=$(ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l | tr -d ' ')"
if have systemd-detect-virt; then
  echo "virt.sdv=$(systemd-detect-virt 2>/dev/null)"
  echo "virt.sdv_vm=$(systemd-detect-virt --vm 2>/dev/null)"
  echo "virt.sdv_container=$(systemd-detect-virt --container 2>/dev/null)"
fi
[ -e /.dockerenv ] && echo "virt.dockerenv=yes"
[ -e /run/.containerenv ] && echo "virt.containerenv=yes"
[ -r /sys/hypervisor/type ] && echo "virt.hypervisor_type=$(cat /sys/hypervisor/type 2>/dev/null)"
[ -r /sys/class/dmi/id/product_name ] && echo "virt.dmi_product=$(cat /sys/class/dmi/id/product_name 2>/dev/null)"
[ -r /sys/class/dmi/id/sys_vendor ] && echo "virt.dmi_vendor=$(cat /sys/class/dmi/id/sys_vendor 2>/dev/null)"
[ -n "$APPTAINER_CONTAINER" ] && echo "virt.apptainer=$APPTAINER_CONTAINER"
[ -n "$SINGULARITY_CONTAINER" ] && echo "virt.singularity=$SINGULARITY_CONTAINER"
[ -n "$CH_RUNNING" ] && echo "virt.charliecloud=yes"
[ -r /proc/1/cgroup ] && echo "virt.pid1_cgroup=$(sed -n 's/^[0-9]*:[^:]*:\(\/..*\)$/\1/p' /proc/1/cgroup 2>/dev/null | head -n 1)"
[ -r /proc/1/environ ] && echo "virt.pid1_container=$(tr '\0' '\n' 2>/dev/null < /proc/1/environ | sed -n 's/^container=//p' | head -n 1)"
for p in apt-get dnf yum zypper apk pacman; do if have "$p"; then echo "pkg.manager=$p"; break; fi; done
have gcc && echo "cc.gcc=$(gcc --version 2>/dev/null | head -n 1)"
have gfortran && echo "cc.gfortran=$(gfortran --version 2>/dev/null | head -n 1)"
if have mpirun; then echo "mpi.mpirun=$(mpirun --version 2>&1 | head -n 8 | one)"; fi
have ompi_info && echo "mpi.ompi_info=yes"
have mpichversion && echo "mpi.mpichversion=$(mpichversion 2>/dev/null | head -n 2 | one)"
exit 0
`;
