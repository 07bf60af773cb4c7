// Connects to one host as the user configured it and runs `true`: host key, authentication and round trip, each reported.
import type { z } from 'zod';
import type { HostCheckResult, HostRecord } from '../../contract/hosts.ts';
import { endpointOf } from '../../hosts/endpoint-of.ts';
import { connect } from '../../ssh/connection.ts';
import type { HostKeyVerifier } from '../../ssh/host-key-verifier.ts';
import type { SecretReader } from '../../ssh/ports.ts';
import { toShellCommand } from '../../ssh/quote.ts';

type Result = z.infer<typeof HostCheckResult>;

const STATUS_OF = {
  known: 'known',
  'first-contact': 'first-contact',
  confirmed: 'confirmed',
  changed: 'changed',
  revoked: 'revoked',
  unknown: 'unknown',
  declined: 'declined',
  error: 'error',
} as const;

export async function checkHost(
  name: string,
  hosts: readonly HostRecord[],
  verifier: HostKeyVerifier,
  secrets: SecretReader,
  readyTimeoutMs: number,
): Promise<Result> {
  const started = Date.now();
  let endpoint;
  try {
    endpoint = endpointOf(name, hosts);
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  }
  const hostKey = () => {
    const d = verifier.lastDecision(endpoint.address, endpoint.port);
    return d ? { status: STATUS_OF[d.how], keyType: d.facts.keyType, fingerprint: d.facts.fingerprint } : undefined;
  };
  try {
    const conn = await connect(endpoint, { hostKeys: verifier, secrets, readyTimeoutMs });
    try {
      await new Promise<void>((resolve, reject) => {
        conn.client.exec(toShellCommand(['true']), (err, stream) => {
          if (err) return reject(err);
          stream.on('close', () => resolve()).resume();
          stream.stderr.resume();
        });
      });
    } finally {
      await conn.close();
    }
    return { name, ok: true, hostKey: hostKey(), latencyMs: Date.now() - started };
  } catch (error) {
    return { name, ok: false, hostKey: hostKey(), error: (error as Error).message };
  }
}
