// teardown(): removes what the ledger names, newest first, by QEMU's pidfile (checked to be that VM's QEMU), the tap's
// name and the VM's folder; idempotent (a resource already gone is fine), and each entry marked removed once gone.
import type { HostShell as VmHost, Ledger as VmLedger, LedgerEntry as VmLedgerEntry } from '../provider.ts';
import { DEL_DIR_SCRIPT, DEL_TAP_SCRIPT, STOP_QEMU_SCRIPT } from './host-scripts.ts';

function argvFor(e: VmLedgerEntry): string[] | undefined {
  if (e.kind === 'qemu') return ['sh', '-c', STOP_QEMU_SCRIPT, 'virtlab-qemu', e.handle, String(e.detail.name ?? '')];
  if (e.kind === 'tap') return ['sh', '-c', DEL_TAP_SCRIPT, 'virtlab-qemu', e.handle];
  if (e.kind === 'vm-dir' || e.kind === 'vm-home') return ['sh', '-c', DEL_DIR_SCRIPT, 'virtlab-qemu', e.handle];
  // The enrolment is a record, nothing on the host: removed with the VM.
  if (e.kind === 'guest') return ['true'];
  return undefined;
}

export async function teardownQemu(
  entries: readonly VmLedgerEntry[],
  ctx: { hostOf(name: string): VmHost | undefined; ledger: VmLedger; say(line: string): void },
): Promise<string[]> {
  const left: string[] = [];
  for (const e of [...entries].filter((x) => x.state !== 'removed').sort((a, b) => b.id - a.id)) {
    const argv = argvFor(e);
    const h = ctx.hostOf(e.host);
    if (!argv) {
      left.push(`${e.host}: unknown resource kind ${e.kind} (${e.handle})`);
      continue;
    }
    if (!h) {
      left.push(`${e.host}: ${e.kind} ${e.handle} left: the host is not reachable`);
      continue;
    }
    const r = await h
      .run(argv, { timeoutMs: 60_000 })
      .catch((err: unknown) => ({ code: null, stdout: '', stderr: err instanceof Error ? err.message : String(err) }));
    if (r.code === 0) {
      ctx.ledger.removed(e.id);
      ctx.say(`${e.host}: removed ${e.kind} ${e.handle}`);
    } else left.push(`${e.host}: could not remove ${e.kind} ${e.handle}: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`);
  }
  return left;
}
