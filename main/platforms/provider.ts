// The platform-provider interface: one implementation per virtualization technology (main/platforms/<name>/),
// listed in registry.ts. The executor and the run driver talk only to this; none of them switches on a name.
// docs/DEVELOPING.md, "the three kinds of module".
import type { ProviderDescription } from './catalog.ts';

/** A command on one of the platform's hosts, over its verified SSH session (argv quoted by main/ssh/quote.ts). */
export interface HostShell {
  /** The host's stored name. */
  name: string;
  /** Its address as the other hosts reach it. */
  address: string;
  /** Position of the host in the platform's endpoint list (0-based): the provider derives per-host names from it. */
  ordinal: number;
  run(argv: readonly string[], opts?: { timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** One thing a provider made (or changed) on a host, recorded BEFORE it is made so a teardown after a crash finds it. */
export interface LedgerEntry {
  id: number;
  campaignId: number;
  platform: string;
  host: string;
  /** What it is, in the provider's words: 'container', 'network', 'route', 'sysctl', 'image', ... */
  kind: string;
  /** The runtime's own handle (container or network name, route spec, sysctl key). */
  handle: string;
  /** What teardown needs, e.g. the value a sysctl had before. */
  detail: Record<string, unknown>;
  /** intended: written, maybe not made (a crash in between); created: made; removed: gone again. */
  state: 'intended' | 'created' | 'removed';
}

/** The campaign's resource ledger for one platform (a store table, main/store/repos/platform-resources.ts). */
export interface Ledger {
  /** Writes the entry before the resource is made; returns it (state 'intended'). */
  intend(host: string, kind: string, handle: string, detail?: Record<string, unknown>): LedgerEntry;
  created(id: number): void;
  removed(id: number): void;
  /** Entries not yet removed, oldest first. */
  open(): LedgerEntry[];
}

/** The guest of one host on a platform, as wrap and reach see it. Pure data: the same in every process. */
export interface GuestRef<S = Record<string, unknown>> {
  campaignId: number;
  platform: string;
  settings: S;
  host: { name: string; address: string; ordinal: number };
  /** What the platform's preparation chose for this campaign and recorded in its ledger (a bridge's address slot,
   * common/bridge-slot.ts); absent before preparation or when it chose nothing. */
  prepared?: { bridgeSlot?: number | undefined } | undefined;
}

/** Where a peer reaches a guest: its address, and the ports a server role must listen on when only some are reachable. */
export interface Reach {
  address: string;
  /** Fixed ports (published ports of slirp4netns), first for the control connection; absent: any port works. */
  ports?: readonly number[];
  /** How long a server role (netserver) may take to listen in this guest, for guests whose every command is slow (an
   *  emulated VM); absent: the runner's default, DEFAULT_SERVER_START_SEC in main/runner/run-driver/peer-server.ts. */
  serverStartSec?: number;
  /** How long a short control command (a job's status, a liveness check) may take in this guest, for guests whose every
   *  command is slow (an emulated VM); the runner's other short-command limits there (facts probe, tool versions,
   *  stopping a server) grow by the same factor. Absent: DEFAULT_CONTROL_SEC in main/runner/endpoint-limits.ts. */
  controlSec?: number;
}

export interface PrepareContext<S> {
  campaignId: number;
  platform: string;
  settings: S;
  hosts: readonly HostShell[];
  ledger: Ledger;
  say(line: string): void;
  /** Aborted when the campaign is cancelled during preparation: make nothing more (what was made is in the ledger). */
  signal?: AbortSignal;
}

/** A platform's guests as the ranks of an MPI run see them: the same on every host (no host in it). */
export type RankRef<S = Record<string, unknown>> = Omit<GuestRef<S>, 'host'>;

/** How MPI ranks run on the platform. */
export type MpiModel<S = Record<string, unknown>> =
  | { kind: 'host' } // ranks run where the job runs (native hosts, SSH guests, VMs)
  | {
      // The hosts' own launcher (mpirun on the hosts, keys and hostfile of the hosts) starts each rank through the
      // runtime: every rank runs [...rankPrefix(ref), ...its argv]. The launcher gives one command to all ranks, so
      // the prefix must find the guest on whichever host it runs. The provider keeps the runner's folders of the
      // guest's home (.virtlab/runs, npb, src) at one absolute path, the same on the host and inside, on every host:
      // the binary built inside, the run folder and the hostfile are then one path for the launcher and all ranks.
      kind: 'wrapped';
      rankPrefix(ref: RankRef<S>): string[];
      /** The ranks' network, in words for the run's log and the help text (e.g. 'the host network'). */
      network: string;
    }
  | { kind: 'unsupported'; why: string }; // refused before any run, with the reason

export interface PlatformProvider<S = Record<string, unknown>> {
  describe: ProviderDescription;
  /** Every problem before any run, each a clear sentence naming the host (runtime missing with its install plan, ...). */
  check(settings: S, hosts: readonly HostShell[]): Promise<string[]>;
  /** What preparation costs, shown in the plan as its own step; undefined when there is nothing to prepare. */
  estimatePrepare(settings: S, hostCount: number): { what: string; sec: number } | undefined;
  /** Makes the guests on the hosts (idempotent: a guest already there and healthy is kept). Ledger first, then create. */
  prepare(ctx: PrepareContext<S>): Promise<void>;
  /** Problems with prepared guests (empty when every guest answers). */
  health(ctx: PrepareContext<S>): Promise<string[]>;
  /** The argv that runs `argv` inside the guest of `guest.host` (identity when the endpoint is the guest itself). */
  wrap(guest: GuestRef<S>, argv: readonly string[]): string[];
  reach(guest: GuestRef<S>): Reach;
  mpi(settings: S): MpiModel<S>;
  /** Removes what the entries name, by the runtime's own handles, newest first, restoring what was changed; idempotent.
   * Marks each entry removed in the ledger; returns what could not be removed (empty when all is gone). */
  teardown(entries: readonly LedgerEntry[], ctx: { hostOf(name: string): HostShell | undefined; ledger: Ledger; say(line: string): void }): Promise<string[]>;
}

/** A provider with its settings type erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlatformProvider = PlatformProvider<any>;
