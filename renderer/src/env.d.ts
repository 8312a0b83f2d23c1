/// <reference types="vite/client" />
import type { PreloadApi } from './contract';

declare global {
  interface Window {
    /** Defined by the Electron preload; absent in the browser (WebSocket host) mode. */
    custodian?: PreloadApi;
  }
}
