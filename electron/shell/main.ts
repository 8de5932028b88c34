// The Electron shell: a hardened window, menus and file dialogs. Everything else is plain Node in host.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, type MenuItemConstructorOptions } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { contentSecurityPolicy, serveAppFile } from './appFiles.js';
import { APP_HOST, APP_ORIGIN } from './appOrigin.js';
import { dataRouteHosts } from '../common/routes.js';
import { createHost, type Host } from './host.js';
import { EVENT_CHANNEL } from '../common/eventChannel.js';
import { registerChosenFiles, registerIpc } from './ipc.js';
import { refuseNavigation } from './navigationGuard.js';
import { readers } from '../services/io/registry.js';
import { grantedFileAccess } from '../services/fileAccess.js';
import { createServices, type Services } from '../services/services.js';
import { encryptedSecrets } from '../services/sync/secrets.js';

const csp = contentSecurityPolicy(dataRouteHosts.map((host) => `voxbench://${host}`));

protocol.registerSchemesAsPrivileged([
  { scheme: 'voxbench', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

// What the page may read and write: only what the user chose, and the app's own folders (granted at start).
const fileAccess = grantedFileAccess();

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
  const path = result.canceled ? null : (result.filePaths[0] ?? null);
  if (path) fileAccess.grant(path, 'read');
  return path;
}

async function saveFile(suggestedName: string): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const options: Electron.SaveDialogOptions = { title: 'Save', defaultPath: join(app.getPath('documents'), suggestedName) };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  const path = result.canceled ? null : (result.filePath ?? null);
  if (path) fileAccess.grant(path, 'write');
  return path;
}

function harden(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => refuseNavigation(contents));
}

function serveProtocol(host: Host): void {
  protocol.handle('voxbench', async (request) => {
    const url = new URL(request.url);
    if (url.host === APP_HOST) return serveAppFile(host.services.paths.renderer, decodeURIComponent(url.pathname.slice(1)), csp);
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

/** The app's own folders: settings, pyramid cache, the user's models, the bundled assets, pulled datasets. */
function grantAppFolders(services: Services): void {
  for (const folder of [services.sync.settingsDir, services.pyramids.cacheDir, services.models.user, join(homedir(), 'Voxbench')]) fileAccess.grant(folder, 'write');
  fileAccess.grant(services.paths.assets, 'read');
}

function requestedScan(argv: string[]): string | undefined {
  const at = argv.indexOf('--open');
  return at >= 0 ? argv[at + 1] : undefined;
}

app.whenReady().then(async () => {
  harden();
  const settingsDir = app.getPath('userData');
  const sync = { settingsDir, secrets: encryptedSecrets(safeStorage, join(settingsDir, 'sync-secrets.json')) };
  const host = createHost(createServices({ root: app.getAppPath(), transport: 'electron', dialogs: { pickScan, saveFile }, sync, fileAccess, spareReader: true }));
  grantAppFolders(host.services);
  serveProtocol(host);
  registerIpc(ipcMain, host);
  registerChosenFiles(ipcMain, fileAccess);
  host.onEvent((event, data) => BrowserWindow.getAllWindows().forEach((window) => window.webContents.send(EVENT_CHANNEL, event, data)));
  buildMenu(host);
  const scan = requestedScan(process.argv);
  if (scan) {
    fileAccess.grant(scan, 'read');
    const reply = await host.dispatch('volume.open', { path: scan });
    if (!reply.ok) console.error(reply.error.message);
  }
  createWindow();
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void host.close());
});
