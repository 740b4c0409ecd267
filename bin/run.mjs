/**
 * Runs one of citebot's entries (`src/index.ts` unless another is named) as JavaScript
 * compiled to `dist/`, which starts in about half the time the TypeScript takes through
 * tsx. When a source file changed since the last build (or there is none) it compiles first
 * (`tsc -p tsconfig.build.json`, some seconds, once per change). Without the TypeScript
 * compiler (an install without devDependencies), when the build fails, or when dist/ cannot
 * be replaced, it runs the source through tsx as before.
 *
 *   node bin/run.mjs [src/index.ts | src/shard.ts]   (what `npm start` runs)
 *   node bin/run.mjs --build                         (compile if needed, run nothing)
 */
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
/** What the build was made from: every source file's size and time, as listed here. */
const STAMP = path.join(DIST, ".sources.json");
const SOURCE_FOLDERS = ["src", "commands"];
const BUILD_FILES = ["tsconfig.json", "tsconfig.build.json", "package.json"];

/** The sources as the build sees them: path, size and modification time of each. */
function sources() {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
      const rel = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) files.push(rel);
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(folder);
  return [...files.sort(), ...BUILD_FILES].map((rel) => {
    const info = statSync(path.join(ROOT, rel));
    return [rel, info.size, info.mtimeMs];
  });
}

function say(line) {
  process.stderr.write(`citebot: ${line}\n`);
}

/** True when dist/ holds a build of the sources as they are now, making one if needed. */
function built() {
  let now;
  try {
    now = JSON.stringify(sources());
  } catch (err) {
    say(`cannot list the sources (${String(err)}); running them through tsx`);
    return false;
  }
  try {
    if (readFileSync(STAMP, "utf8") === now) return true;
  } catch {
    // No build yet.
  }
  let tsc;
  try {
    tsc = createRequire(path.join(ROOT, "package.json")).resolve("typescript/bin/tsc");
  } catch {
    say("the TypeScript compiler is not installed; running the sources through tsx");
    return false;
  }
  say("compiling to dist/ (the sources changed since the last build; once per change)");
  try {
    rmSync(DIST, { recursive: true, force: true });
  } catch (err) {
    // A folder this user may not write (an installation owned by another user, say).
    say(`cannot replace dist/ (${err.code ?? String(err)}); running the sources through tsx`);
    return false;
  }
  const build = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (build.status !== 0) {
    say("the build failed; running the sources through tsx");
    return false;
  }
  try {
    writeFileSync(STAMP, now);
  } catch (err) {
    say(
      `cannot mark the build as current (${err.code ?? String(err)}); it is made again next time`,
    );
  }
  return true;
}

const args = process.argv.slice(2);
if (args[0] === "--build") {
  process.exit(built() ? 0 : 1);
}
const entry = args[0] ?? "src/index.ts";
if (!/^(?:src|commands)\/[\w/.-]+\.ts$/.test(entry)) {
  say(`not an entry of citebot: ${entry}`);
  process.exit(2);
}
const compiled = path.join(DIST, entry.replace(/\.ts$/, ".js"));
const source = path.join(ROOT, entry);
if (built()) {
  // The entry sees itself as the script run, as it would under `node <entry>`.
  process.argv.splice(1, 2, compiled);
  await import(pathToFileURL(compiled).href);
} else {
  process.argv.splice(1, 2, source);
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(source).href);
}
