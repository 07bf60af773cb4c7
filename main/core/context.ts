// What handlers share: the open database and its repositories, the event bus, SSH services and where things live.
import type { Database } from '../store/database.ts';
import type { Repos } from '../store/repos/index.ts';
import type { EventBus } from './event-bus.ts';
import type { SshServices } from './ssh-services.ts';
import type { CampaignOptions } from './run-drivers.ts';

export type PdfPrinter = (reportQuery: string, outPath: string) => Promise<{ path: string; bytes: number }>;

export interface CoreContext {
  readonly dataDir: string;
  readonly databasePath: string;
  readonly host: 'electron' | 'bridge';
  readonly db: Database;
  readonly repos: Repos;
  readonly bus: EventBus;
  readonly ssh: SshServices;
  /** Set by a shell that prints pages itself (Electron's printToPDF); absent headless. */
  readonly printPdf?: PdfPrinter;
  /** How campaigns started or resumed in this core execute (the UI gives none; the CLI its options). */
  readonly campaigns: CampaignOptions;
  /** Aborted when the core closes: long work (campaign executors) stops gracefully; remote runs keep going. */
  readonly closing: AbortSignal;
  /** Long work the core waits for when it closes. */
  track(work: Promise<unknown>): void;
  schemaVersion(): number;
}
