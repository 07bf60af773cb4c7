// The headless core: one database, one event bus, one SSH pool, every handler. Electron, the bridge and the CLI all start it here.
import { databaseFile } from '../config/data-dir.ts';
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent } from '../config/private-files.ts';
import { openDatabase } from '../store/open-database.ts';
import { schemaVersion } from '../store/migrate.ts';
import { createRepos } from '../store/repos/index.ts';
import type { Handlers } from '../contract/procedures.ts';
import { createChainedSecretStore } from '../secrets/chained-store.ts';
import { createEnvSecretStore } from '../secrets/env-store.ts';
import { createMemorySecretStore } from '../secrets/memory-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { HostKeyPolicy } from '../ssh/host-key-verifier.ts';
import { EventBus } from './event-bus.ts';
import type { CoreContext, PdfPrinter } from './context.ts';
import { createHandlers } from './handlers/index.ts';
import { createSshServices } from './ssh-services.ts';
import type { CampaignOptions } from './run-drivers.ts';

export interface CoreOptions {
  dataDir: string;
  host: 'electron' | 'bridge';
  /** Path of a better-sqlite3 binary built for the running ABI (Electron's), if not Node's. */
  nativeBinding?: string;
  /** Where passwords and passphrases come from; headless default: this process's memory plus env:VAR references. */
  secrets?: SecretStore;
  /** Prints the report page (its query string) to a PDF; Electron passes printToPDF, headless uses a local Chromium. */
  printPdf?: PdfPrinter;
  /** Default 'ask': the UI answers hosts.hostKeyPrompt events. Verification is never off. */
  hostKeyPolicy?: HostKeyPolicy;
  /** How campaigns execute; default the benchmark runner with the inputs stored with each campaign. */
  campaigns?: CampaignOptions;
}

export interface Core {
  readonly context: CoreContext;
  readonly handlers: Handlers;
  readonly bus: EventBus;
  close(): Promise<void>;
}

export function startCore(options: CoreOptions): Core {
  ensurePrivateDir(options.dataDir);
  const databasePath = databaseFile(options.dataDir);
  ensurePrivateFile(databasePath);
  for (const suffix of ['-wal', '-shm']) tightenIfPresent(databasePath + suffix);
  const db = openDatabase({ path: databasePath, nativeBinding: options.nativeBinding });
  const bus = new EventBus();
  const secrets = options.secrets ?? createChainedSecretStore([createMemorySecretStore(), createEnvSecretStore()]);
  const ssh = createSshServices({ dataDir: options.dataDir, bus, secrets, hostKeyPolicy: options.hostKeyPolicy ?? 'ask' });
  const stop = new AbortController();
  const work = new Set<Promise<unknown>>();
  const context: CoreContext = {
    dataDir: options.dataDir,
    databasePath,
    host: options.host,
    db,
    repos: createRepos(db),
    bus,
    ssh,
    ...(options.printPdf ? { printPdf: options.printPdf } : {}),
    campaigns: options.campaigns ?? { given: {}, via: 'ui' },
    closing: stop.signal,
    track: (p) => {
      work.add(p);
      void p.finally(() => work.delete(p)).catch(() => undefined);
    },
    schemaVersion: () => schemaVersion(db),
  };
  const handlers = createHandlers(context);
  let closing: Promise<void> | undefined;
  return {
    context,
    handlers,
    bus,
    close: () => {
      if (!closing) {
        stop.abort();
        closing = Promise.allSettled([...work])
          .then(() => ssh.close())
          .finally(() => db.close());
      }
      return closing;
    },
  };
}
