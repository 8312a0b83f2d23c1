/**
 * The API contract, DTOs and error codes (electron/shared), re-exported: the renderer's one import
 * of code outside renderer/. Everything here is runtime-neutral (no Node, no Electron).
 */
export * from '../../electron/shared';
