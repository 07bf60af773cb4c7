// Reading the VM's serial console log on its host: the host key the guest printed at boot (the trusted channel:
// QEMU wrote it to a file on the host, read over the host's verified session), and the last lines for an error.

const HOSTKEY = /^VIRTLAB-HOSTKEY (ssh-ed25519 [A-Za-z0-9+/=]+)/m;

export function hostKeyFromConsole(text: string): string | undefined {
  return HOSTKEY.exec(text.replace(/\r/g, ''))?.[1];
}

/** The console's last non-empty lines, control characters removed (for messages). */
export function consoleTail(text: string, n = 12): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
  return clean
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-n)
    .join('\n');
}
