/**
 * The sandboxed preload: exposes the named-verb bridge on `window.custodian` and nothing else (no
 * `ipcRenderer`, no generic `invoke`), so page script can only do what the contract allows.
 * Bundled by electron-vite into one CommonJS file, the only form a sandboxed preload can load.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { PRELOAD_GLOBAL } from '../shared/preload-api';
import { buildPreloadApi } from './api';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, buildPreloadApi(ipcRenderer));
