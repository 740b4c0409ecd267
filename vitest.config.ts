import { defineConfig } from "vitest/config";

/**
 * End-to-end tests: the bot against the fake Discord (in this process or as processes) and
 * the fault tests. Everything else is a unit test of a module or a command-line tool.
 * `npm test` runs both; `npm run test:unit` and `npm run test:e2e` one each.
 */
const E2E = [
  "tests/e2e/**/*.test.ts",
  "tests/faults/**/*.test.ts",
  "tests/security/**/*.test.ts",
  "tests/health.test.ts",
  "tests/fakeDiscord.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: E2E } },
      { extends: true, test: { name: "e2e", include: E2E } },
    ],
  },
});
