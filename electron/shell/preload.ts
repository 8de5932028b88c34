// Runs sandboxed before the page: exposes the contract's calls and nothing else, and tells the main side
// which files the user chose in the page (they become readable there).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { desktopBridge } from '../common/bridge.js';
import { choosingEvents, chosenPaths, FILES_CHOSEN_CHANNEL } from './chosenFiles.js';

const pathForFile = (file: File) => webUtils.getPathForFile(file);
contextBridge.exposeInMainWorld('voxbench', desktopBridge(ipcRenderer, pathForFile));
// Capture on window runs before the page's own handlers, so the grant is sent before the page's call.
for (const type of choosingEvents) {
  window.addEventListener(type, (event) => {
    const paths = chosenPaths(event as DragEvent, pathForFile);
    if (paths.length > 0) ipcRenderer.send(FILES_CHOSEN_CHANNEL, paths);
  }, true);
}
