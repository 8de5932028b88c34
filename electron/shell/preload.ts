// Runs sandboxed before the page: exposes the contract's calls and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { desktopBridge } from '../common/bridge.js';

contextBridge.exposeInMainWorld('voxbench', desktopBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)));
