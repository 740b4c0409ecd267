/**
 * `npm start`'s launcher (`bin/run.mjs`) in an installation whose `dist/` the user running it
 * cannot replace: it says so and runs the sources through tsx, as it does when the build fails.
 */
import { spawn } from "node:child_process";
import { chmod, copyFile, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT } from "./e2e/processes.ts";

let project: string;

/** Root can write anywhere: the launcher then runs as the unprivileged user `nobody`. */
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), "citebot-launcher-"));
  await mkdir(path.join(project, "bin"));
  await copyFile(path.join(ROOT, "bin/run.mjs"), path.join(project, "bin/run.mjs"));
  await mkdir(path.join(project, "src"));
  await mkdir(path.join(project, "commands"));
  await writeFile(
    path.join(project, "src/index.ts"),
    'const ran: string = import.meta.url.endsWith(".ts") ? "the sources" : "the build";\nconsole.log(`ran ${ran}`);\n',
  );
  for (const file of ["package.json", "tsconfig.json", "tsconfig.build.json"]) {
    await copyFile(path.join(ROOT, file), path.join(project, file));
  }
  await installLauncherPackages(project);
  // A build of other sources, which must be replaced, in folders nobody may change.
  await mkdir(path.join(project, "dist"));
  await writeFile(path.join(project, "dist/.sources.json"), "[]");
  await chmod(path.join(project, "dist"), 0o555);
  await chmod(project, 0o555);
});

/**
 * The packages the launcher reaches for, copied into the project: tsx (with esbuild, which
 * it runs) and the TypeScript compiler's entry, which it only looks up before it tries to
 * replace dist/. A copy, not a link to this checkout's: the user the launcher runs as may
 * not enter the folders this checkout lies in (a clone in a private temporary folder).
 */
async function installLauncherPackages(into: string): Promise<void> {
  const modules = path.join(into, "node_modules");
  for (const name of ["tsx", "esbuild", "@esbuild"]) {
    await cp(path.join(ROOT, "node_modules", name), path.join(modules, name), {
      recursive: true,
      dereference: true,
    });
  }
  for (const file of ["package.json", "bin/tsc"]) {
    await cp(
      path.join(ROOT, "node_modules/typescript", file),
      path.join(modules, "typescript", file),
    );
  }
}

afterAll(async () => {
  await chmod(project, 0o755);
  await chmod(path.join(project, "dist"), 0o755);
  await rm(project, { recursive: true, force: true });
});

it("runs the sources through tsx when dist/ cannot be replaced", async () => {
  const child = spawn(process.execPath, ["bin/run.mjs", "src/index.ts"], {
    cwd: project,
    env: { PATH: process.env.PATH, HOME: tmpdir() },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  expect(stderr).toContain(
    "citebot: cannot replace dist/ (EACCES); running the sources through tsx",
  );
  expect(stderr).not.toContain("    at ");
  expect(stdout).toBe("ran the sources\n");
  expect(code).toBe(0);
}, 60_000);
