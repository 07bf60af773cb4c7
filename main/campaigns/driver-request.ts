// The driver a campaign executes with, from the inputs it was started with; a campaign from before inputs were
// stored takes the options given now (and $VIRTLAB_NPB_SOURCE), as it always did.
import type { Repos } from '../store/repos/index.ts';
import type { SecretReader } from '../ssh/ports.ts';
import type { DriverRequest } from './driver.ts';
import type { StartInputs, StartOptions } from './start-inputs.ts';
import { knownHostsFile } from '../config/data-dir.ts';

export interface ExecutionSettings {
  request: DriverRequest;
  pollMs?: number;
}

export function executionSettings(
  inputs: StartInputs | undefined,
  legacy: StartOptions,
  ctx: { repos: Repos; dataDir: string; env: Record<string, string | undefined>; secrets?: SecretReader },
): ExecutionSettings {
  const secrets = ctx.secrets ? { secrets: ctx.secrets } : {};
  if (!inputs) {
    const npbSource = legacy.npbSource ?? ctx.env['VIRTLAB_NPB_SOURCE'];
    return {
      request: {
        kind: legacy.driver ?? 'benchmark',
        repos: ctx.repos,
        knownHostsPath: legacy.knownHostsPath ?? knownHostsFile(ctx.dataDir),
        ...(legacy.command !== undefined ? { command: legacy.command } : {}),
        ...(npbSource ? { npbSource } : {}),
        ...secrets,
      },
      ...(legacy.pollMs !== undefined ? { pollMs: legacy.pollMs } : {}),
    };
  }
  const n = inputs.npbSource;
  return {
    request: {
      kind: inputs.driver.kind,
      repos: ctx.repos,
      knownHostsPath: inputs.knownHostsPath,
      ...(inputs.driver.command !== undefined ? { command: inputs.driver.command } : {}),
      ...(n ? { npbSource: n.kind === 'url' ? n.url : n.path, ...(n.kind === 'url' && n.sha256 ? { npbSha256: n.sha256 } : {}) } : {}),
      ...secrets,
    },
    ...(inputs.pollMs !== undefined ? { pollMs: inputs.pollMs } : {}),
  };
}
