import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { PROJECT_ROOT, RENDERER_DIST } from '../paths.js';

/** Creates the main window with the renderer locked down (isolation, sandbox, no Node). */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Motion Workbench',
    backgroundColor: '#14161a',
    show: false,
    icon: join(PROJECT_ROOT, 'resources', 'icon.png'),
    webPreferences: {
      preload: join(PROJECT_ROOT, 'out', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Links open in the user's browser; the window itself never navigates away from our UI.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(RENDERER_DIST, 'index.html'));
  return win;
}
