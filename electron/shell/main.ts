// The Electron shell: a hardened window, menus and file dialogs. Everything else is plain Node in host.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { contentSecurityPolicy, serveAppFile } from './appFiles.js';
import { dataRouteHosts } from '../common/routes.js';
import { createHost, type Host } from './host.js';
import { EVENT_CHANNEL } from '../common/eventChannel.js';
import { registerIpc } from './ipc.js';
import { readers } from '../services/io/registry.js';
import { createServices } from '../services/services.js';
import { encryptedSecrets } from '../services/sync/secrets.js';

const APP_ORIGIN = 'voxbench://app';
const csp = contentSecurityPolicy(dataRouteHosts.map((host) => `voxbench://${host}`));

protocol.registerSchemesAsPrivileged([
  { scheme: 'voxbench', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

async function pickScan(): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const options: Electron.OpenDialogOptions = {
    title: 'Open scan',
    properties: ['openFile'],
    filters: [
      { name: 'Scans', extensions: readers.flatMap((reader) => reader.extensions.map((extension) => extension.split('.').pop()!)) },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function saveFile(suggestedName: string): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const options: Electron.SaveDialogOptions = { title: 'Save', defaultPath: join(app.getPath('documents'), suggestedName) };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled ? null : (result.filePath ?? null);
}

function harden(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function serveProtocol(host: Host): void {
  protocol.handle('voxbench', async (request) => {
    const url = new URL(request.url);
    if (url.host === 'app') return serveAppFile(host.services.paths.renderer, decodeURIComponent(url.pathname.slice(1)), csp);
    const response = await host.serveData(`${url.host}${url.pathname}`);
    response.headers.set('Access-Control-Allow-Origin', APP_ORIGIN);
    return response;
  });
}

function buildMenu(host: Host): void {
  const openScan = async () => {
    const path = await pickScan();
    if (path) BrowserWindow.getFocusedWindow()?.webContents.send(EVENT_CHANNEL, 'scan.picked', { path });
  };
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Scan…', accelerator: 'CmdOrCtrl+O', click: () => void openScan() },
        { label: 'Open Sample Phantom', click: () => void host.dispatch('volume.openDefault', {}) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'togglefullscreen' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const, { role: 'reload' } as const])],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Voxbench',
          click: () => void dialog.showMessageBox({ message: `Voxbench ${host.services.version}`, detail: `Electron ${process.versions.electron}` }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    backgroundColor: '#15181c',
    title: 'Voxbench',
    webPreferences: {
      preload: join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function requestedScan(argv: string[]): string | undefined {
  const at = argv.indexOf('--open');
  return at >= 0 ? argv[at + 1] : undefined;
}

app.whenReady().then(async () => {
  harden();
  const settingsDir = app.getPath('userData');
  const sync = { settingsDir, secrets: encryptedSecrets(safeStorage, join(settingsDir, 'sync-secrets.json')) };
  const host = createHost(createServices({ root: app.getAppPath(), transport: 'electron', dialogs: { pickScan, saveFile }, sync }));
  serveProtocol(host);
  registerIpc(ipcMain, host, APP_ORIGIN);
  host.onEvent((event, data) => BrowserWindow.getAllWindows().forEach((window) => window.webContents.send(EVENT_CHANNEL, event, data)));
  buildMenu(host);
  const scan = requestedScan(process.argv);
  if (scan) {
    const reply = await host.dispatch('volume.open', { path: scan });
    if (!reply.ok) console.error(reply.error.message);
  }
  createWindow();
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void host.close());
});
