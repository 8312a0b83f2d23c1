// Process boundaries are lint errors, not conventions (STYLE.md item 5).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'dgram',
  'http',
  'https',
  'crypto',
  'child_process',
  'stream',
  'events',
  'url',
  'util',
  'zlib',
  'tls',
  'dns',
  'worker_threads',
];

const ENGINE_NO_ELECTRON =
  'The engine runs in plain Node (CLI, host, tests): the Electron shell lives in electron/main.';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_BUILTINS,
              message:
                'electron/shared is runtime-neutral: main, preload, host and the renderer all import it.',
            },
            {
              group: ['electron', 'vue', 'pinia', '../core/*', '../main/*', '../../renderer/*'],
              message: 'electron/shared imports nothing from a runtime or another layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: ENGINE_NO_ELECTRON }],
          patterns: [
            {
              group: ['**/renderer/**', '**/main/*', '**/preload/*'],
              message: 'The engine does not reach into the shell or the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lab/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: ENGINE_NO_ELECTRON }],
          patterns: [
            {
              group: [
                '**/electron/core/**',
                '**/electron/main/**',
                '**/electron/preload/**',
                '**/electron/host/**',
                '**/renderer/**',
              ],
              message:
                'The lab is an independent implementation of the devices: it shares only the contract types (electron/shared) and the captured fixtures with the client, so the two cannot drift together.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_BUILTINS,
              message: 'The renderer has no Node: it talks to the engine only through the bridge.',
            },
            {
              group: [
                '**/electron/main/**',
                '**/electron/core/**',
                '**/electron/preload/**',
                '**/electron/host/**',
                '**/electron/cli/**',
                '**/lab/**',
              ],
              message:
                'The renderer imports only electron/shared (the contract); everything else goes through the bridge.',
            },
          ],
          // A bare pattern 'electron' would match the `electron/` folder segment of the allowed
          // electron/shared path too, so the package itself is named here instead.
          paths: [
            { name: 'electron', message: 'The renderer never reaches Electron: use the bridge.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_BUILTINS,
              message:
                "The preload is sandboxed: only electron's contextBridge/ipcRenderer and the shared contract.",
            },
            {
              group: ['**/core/**', '**/main/**'],
              message: 'The preload exposes verbs; it holds no engine code.',
            },
          ],
        },
      ],
    },
  },
);
