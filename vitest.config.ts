import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: [
      'electron/**/*.test.ts',
      'lab/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
