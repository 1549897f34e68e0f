import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type Api, type BridgeError } from '../src-main/ipc/contract';

// The renderer gets exactly two functions, and only for channels and events the contract lists:
// no ipcRenderer, no Node, nothing else crosses the context-isolation boundary.
const channels = new Set<string>(CHANNELS);
const events = new Set<string>(EVENTS);

const api: Api = {
  async invoke(channel, args) {
    if (!channels.has(channel)) throw new Error(`Channel "${channel}" is not in the contract`);
    const out = (await ipcRenderer.invoke(channel, args ?? null)) as
      { ok: true; result: never } | { ok: false; error: BridgeError };
    if (out.ok) return out.result;
    throw Object.assign(new Error(out.error.message), { code: out.error.code });
  },
  on(event, listener) {
    if (!events.has(event)) throw new Error(`Event "${event}" is not in the contract`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
};

contextBridge.exposeInMainWorld('api', api);
