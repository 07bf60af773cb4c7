// Picks the transport once at start-up: Electron's preload when present, else the bridge with its token.
import { bridgeTransport } from './bridge-transport.ts';
import { ipcTransport } from './ipc-transport.ts';
import type { Transport } from './transport.ts';

const TOKEN_KEY = 'virtlab.bridgeToken';

export function selectTransport(): Transport {
  if (window.virtlab) return ipcTransport(window.virtlab);
  // The bridge puts its token in the URL fragment (never sent to a server); keep it for reloads of this tab only.
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new Error('No bridge token: open the address `virtlab serve` printed, token included.');
  return bridgeTransport(window.location.origin, token);
}
