// What the install planner needs to know about an endpoint (read from /etc/os-release, `id -u`, `sudo -n true`).
export type PackageManager = 'apt' | 'dnf' | 'yum' | 'zypper';

export interface EndpointFacts {
  /** os-release ID, e.g. debian, ubuntu, rhel, rocky, almalinux, centos, fedora, opensuse-leap, sles. */
  osId: string;
  /** os-release VERSION_ID, e.g. "12", "22.04", "9.3". */
  versionId: string;
  /** os-release VERSION_CODENAME, e.g. bookworm (Debian/Ubuntu). */
  codename?: string;
  packageManager: PackageManager;
  isRoot: boolean;
  /** Passwordless sudo works (`sudo -n true`). */
  hasSudo: boolean;
}
