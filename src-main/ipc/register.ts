import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS } from './contract.js';
import { dispatch, type HandlerContext } from './handlers/index.js';

/**
 * Registers every contract channel with Electron's IPC through the shared dispatcher (validation
 * included), answering only our own windows, and forwards core events to them. Returns the
 * disposer that removes the handlers and the event subscription.
 */
export function setupIpc(ctx: HandlerContext, isOurWindow: (wc: WebContents) => boolean): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isOurWindow(event.sender) || !isOurOrigin(event)) {
        return { ok: false, error: { code: 'unauthorized', message: 'Request from an unknown window was ignored' } };
      }
      return dispatch(channel, args, ctx);
    });
  }
  const unsubscribe = ctx.workbench.onEvent((event, payload) => {
    for (const wc of ourWindows) if (!wc.isDestroyed()) wc.send(event, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

const ourWindows = new Set<WebContents>();

/** Adds a window's contents to those that receive events; removed when it is destroyed. */
export function trackWindow(wc: WebContents): void {
  ourWindows.add(wc);
  wc.once('destroyed', () => ourWindows.delete(wc));
}

/** Only frames loaded from our own bundle (file:// or the dev server) may call the core. */
function isOurOrigin(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') || (process.env.ELECTRON_RENDERER_URL ? url.startsWith(process.env.ELECTRON_RENDERER_URL) : false);
}
