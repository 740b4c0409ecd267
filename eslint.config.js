import js from "@eslint/js";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

/** Product code (src/, commands/) never depends on tests or on the measuring tools. */
const productBoundary = {
  group: ["**/tests/**", "**/tools/**"],
  message: "Product code imports nothing from tests/ or tools/ (bench, eval).",
};

export default tseslint.config(
  { ignores: ["node_modules", "coverage", ".bench", ".cache", "dist"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { regexp },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // No regular expression may backtrack badly on article or question text.
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
    },
  },
  {
    files: ["src/**/*.ts", "commands/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [productBoundary] }] },
  },
  {
    // The search core is pure: strings and plain data in, plain data out.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            productBoundary,
            {
              group: [
                "node:*",
                "discord.js",
                "@discordjs/*",
                "winston",
                "**/ops/**",
                "**/discord/**",
              ],
              message: "src/core imports no node: module, discord.js or logger: it stays pure.",
            },
          ],
        },
      ],
    },
  },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
  // The launcher and the modules tests preload are plain JavaScript: linted untyped.
  { files: ["bin/**/*.mjs", "tests/**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
