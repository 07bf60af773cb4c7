// Teardown shared by the container providers: entries newest first, each removed by its own handle and marked removed;
// the kinds every provider makes the same way (route, ip_forward, guest folder) are removed here, the runtime's own by
// the provider. Whatever cannot be removed is returned as a sentence.
import type { HostShell, LedgerEntry, PlatformProvider } from '../provider.ts';
import { GUEST_FOLDER } from './names.ts';
import { ProviderError } from './run.ts';

type Result = { code: number | null; stderr: string };
/** Throws unless the command worked or said the thing was already gone. */
export function removed(h: HostShell, r: Result, missing: RegExp | null, what: string): void {
  if (r.code === 0 || (missing && missing.test(r.stderr))) return;
  throw new ProviderError(`removing ${what} on ${h.name} failed (exit code ${r.code}): ${r.stderr.trim()}`);
}

/** Removes a route, ip_forward or guest folder entry; false for a kind this does not know. */
export async function removeCommon(h: HostShell, e: LedgerEntry): Promise<boolean> {
  switch (e.kind) {
    case 'route':
      removed(h, await h.run(['ip', 'route', 'del', ...(e.detail['route'] as string[])]), /No such process|not found/i, `route ${e.handle}`);
      return true;
    case 'sysctl':
      removed(h, await h.run(['sh', '-c', 'echo "$1" > /proc/sys/net/ipv4/ip_forward', 'virtlab', String(e.detail['previous'] ?? '0')]), null, 'ip_forward');
      return true;
    case 'folder':
      if (!GUEST_FOLDER.test(e.handle)) throw new ProviderError(`refusing to remove ${e.handle} on ${h.name}: not a guest folder`);
      removed(h, await h.run(['rm', '-rf', '--', e.handle], { timeoutMs: 300_000 }), null, `folder ${e.handle}`);
      return true;
    case 'choice': // a record of what preparation chose (common/bridge-slot.ts): nothing on the host
      return true;
    default:
      return false;
  }
}

/** The teardown loop: entries in the order given (the executor passes them newest first). */
export function teardownWith(removeOwn: (h: HostShell, e: LedgerEntry, say: (line: string) => void) => Promise<boolean>): PlatformProvider['teardown'] {
  return async (entries, ctx) => {
    const left: string[] = [];
    for (const e of entries) {
      const h = ctx.hostOf(e.host);
      if (!h) {
        left.push(`${e.kind} ${e.handle}: host ${e.host} is no longer in the inventory`);
        continue;
      }
      try {
        if (!(await removeOwn(h, e, ctx.say)) && !(await removeCommon(h, e)))
          throw new ProviderError(`unknown resource kind ${e.kind} (${e.handle}) on ${h.name}`);
        ctx.ledger.removed(e.id);
      } catch (err) {
        left.push((err as Error).message);
      }
    }
    return left;
  };
}
