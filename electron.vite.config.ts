/**
 * Build wiring for the three Electron targets: out/main (ES module, deps external), out/preload
 * (ONE CommonJS file with everything inlined: a sandboxed preload can `require` nothing but a few
 * Electron modules, so no chunks and no externals) and out/renderer (Vue, served over app://).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const here = (p: string): string => resolve(import.meta.dirname, p);

export default defineConfig({
  main: {
    build: {
      outDir: here('out/main'),
      externalizeDeps: true,
      rolldownOptions: { input: { index: here('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: here('out/preload'),
      // Bundle everything: a sandboxed preload cannot load node_modules or sibling files.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: here('renderer'),
    // Relative asset URLs: the same build is served from app://custodian/ and by the host.
    base: './',
    plugins: [vue()],
    define: {
      // vue-i18n's esm-bundler flags: Composition API only, no devtools hook in production.
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
    build: {
      outDir: here('out/renderer'),
      rolldownOptions: { input: here('renderer/index.html') },
    },
  },
});
