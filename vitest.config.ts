import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node against the real core (real SQLite files,
// real ffmpeg). Browser end-to-end tests live in test/e2e and run under Playwright instead.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: ffmpeg-heavy integration files would only fight each other beyond two workers.
    maxWorkers: 2,
  },
});
