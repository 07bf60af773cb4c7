// Transport over Electron's preload (window.virtlab).
import type { VirtlabPreloadApi } from '../../../main/contract/preload-api.ts';
import type { Transport } from './transport.ts';

declare global {
  interface Window {
    virtlab?: VirtlabPreloadApi;
  }
}

export function ipcTransport(api: VirtlabPreloadApi): Transport {
  return { kind: 'electron', invoke: (name, input) => api.invoke(name, input), onEvent: (listener) => api.onEvent(listener) };
}
