import { app, BrowserWindow, session } from 'electron';
import { createWorkbench } from './core.js';
import { createMainWindow } from './app/window.js';
import { pickFile, pickFolder, setupMenu } from './app/menu.js';
import { registerSchemes, setupFileProtocol } from './app/protocol.js';
import { setupIpc, trackWindow } from './ipc/register.js';

// App lifecycle only: each concern has its own setupX() and its own disposer.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: mwb:; " +
  "media-src 'self' blob: mwb:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

registerSchemes();
const workbench = createWorkbench(process.env.MWB_APP_DATA ?? app.getPath('userData'));
let disposeIpc: (() => void) | null = null;

function openWindow(): void {
  const win = createMainWindow();
  trackWindow(win.webContents);
  const setTitle = (): void => win.setTitle(`Motion Workbench — ${workbench.info().name}`);
  setTitle();
  const off = workbench.onEvent((event) => { if (event === 'workspace:changed') setTitle(); });
  win.on('closed', off);
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  setupMenu();
  setupFileProtocol(workbench);
  disposeIpc = setupIpc(
    {
      workbench,
      host: {
        mode: 'electron', modeReason: null,
        pickFolder: () => pickFolder(BrowserWindow.getFocusedWindow()),
        pickFile: (opts) => pickFile(BrowserWindow.getFocusedWindow(), opts),
      },
    },
    (wc) => BrowserWindow.getAllWindows().some((w) => w.webContents === wc),
  );
  openWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) openWindow(); });
});

app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting) return;
  quitting = true;
  e.preventDefault();
  disposeIpc?.();
  void workbench.dispose().finally(() => app.quit());
});
