// What the session layer takes from its neighbours: secrets by name, and host key decisions per host:port.
import type { SecretStore } from '../secrets/secret-store.ts';
import type { HostKeyVerifier } from './host-key-verifier.ts';

/** Only reading is needed here. */
export type SecretReader = Pick<SecretStore, 'get'>;

/** Only the ssh2 adapter is needed here. */
export type HostKeyCheck = Pick<HostKeyVerifier, 'forSsh2'>;
