/**
 * The part of the `qrcode` package the renderer uses. Its `browser` entry (lib/browser.js) draws on
 * a canvas with no Node built-ins, so Vite bundles it for the page; it ships no types of its own.
 */
declare module 'qrcode' {
  export interface QrCanvasOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    width?: number;
    color?: { dark?: string; light?: string };
  }
  export function toCanvas(
    canvas: HTMLCanvasElement,
    text: string,
    options?: QrCanvasOptions,
  ): Promise<void>;
}
