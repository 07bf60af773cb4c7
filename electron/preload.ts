// Exposes exactly the contract's channels to the sandboxed page, nothing of ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../main/contract/channels.ts';
import type { EventMessage } from '../main/contract/events.ts';
import { isEventName } from '../main/contract/events.ts';
import type { VirtlabPreloadApi, WireResult } from '../main/contract/preload-api.ts';
import { isProcedureName } from '../main/contract/procedures.ts';

const api: VirtlabPreloadApi = {
  invoke(name: string, input: unknown): Promise<WireResult> {
    if (!isProcedureName(name)) return Promise.resolve({ ok: false, error: { code: 'not-found', message: `No procedure named ${name}.` } });
    return ipcRenderer.invoke(ipcChannel(name), input) as Promise<WireResult>;
  },
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, message: EventMessage) => {
      if (message && isEventName(message.name)) listener(message);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('virtlab', api);
