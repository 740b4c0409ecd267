import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdd } from "../../src/cli/add.ts";
import { runFeeds } from "../../src/cli/feeds.ts";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { articlePage, serve, startTestServer } from "./server.ts";
import type { TestServer } from "./server.ts";

let server: TestServer;
let contentDir: string;
let dataDir: string;

beforeAll(async () => {
  server = await startTestServer();
  contentDir = await mkdtemp(path.join(tmpdir(), "citebot-cli-content-"));
  dataDir = await mkdtemp(path.join(tmpdir(), "citebot-cli-data-"));
  server.route(
    "/feed.xml",
    serve(
      "application/rss+xml",
      `<rss version="2.0"><channel><title>Port Weekly</title>
<item><title>Dockers vote to end strike</title><link>${server.origin}/strike</link><guid>pw-1</guid><pubDate>Fri, 06 Feb 2026 17:00:00 +0100</pubDate></item>
</channel></rss>`,
    ),
  );
  const paragraphs = [
    "Dock workers voted on Friday to end a nine-day strike after the port agreed to a new pay deal, the union said.",
    "Ships that had waited outside the harbour began to unload on Saturday morning.",
  ];
  server.route(
    "/strike",
    serve("text/html", articlePage({ title: "Dockers vote to end strike", paragraphs })),
  );
  server.route(
    "/opinion",
    serve(
      "text/html",
      articlePage({ title: "A port for everyone", paragraphs, publishedTime: "2026-02-07" }),
    ),
  );
});

afterAll(async () => {
  await server.close();
  await rm(contentDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function run(tool: typeof runFeeds, args: string[]) {
  return runWith(tool, args, {});
}

async function runWith(tool: typeof runFeeds, args: string[], env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const code = await tool(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { CONTENT_DIR: contentDir, DATA_DIR: dataDir, FETCH_ALLOW_LOOPBACK: "true", ...env },
  });
  return { code, stdout, stderr };
}

// Each run starts its own parser thread, as the command-line tools do.
describe("npm run feeds / npm run add", { timeout: 60_000 }, () => {
  it("adds, lists, checks and removes a feed", async () => {
    const added = await run(runFeeds, ["add", `${server.origin}/feed.xml`]);
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain("Subscribed: 1. Port Weekly");

    const checked = await run(runFeeds, ["check"]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain("Port Weekly: 1 new article");
    expect(checked.stdout).toContain(
      "2026-02-06  Dockers vote to end strike  → feeds/port-weekly/2026-02-06-dockers-vote-to-end-strike.md",
    );

    const listed = await run(runFeeds, ["list"]);
    expect(listed.stdout).toMatch(
      /1\. Port Weekly .*\n {3}folder feeds\/port-weekly\/ · checked 20\d\d-/,
    );

    expect((await run(runFeeds, ["remove", "1"])).stdout).toContain("Removed Port Weekly");
    expect((await run(runFeeds, ["list"])).stdout).toBe("No feeds.\n");
    const { articles } = await loadLibrary(contentDir);
    expect(articles.map((a) => a.title)).toEqual(["Dockers vote to end strike"]);
  });

  it("adds one page and prints its title and date", async () => {
    const added = await run(runAdd, [`${server.origin}/opinion`]);
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(
      "Saved: A port for everyone\ndate: 2026-02-07\nfile: added/2026-02-07-a-port-for-everyone.md\n",
    );
  });

  it("says a page is saved already when its file cannot be read back, without a date to add", async () => {
    server.route(
      "/column",
      serve(
        "text/html",
        articlePage({
          title: "Cranes at dawn",
          paragraphs: [
            "The cranes start before the sun does, and so do the people who drive them.",
          ],
          publishedTime: "2026-02-08",
        }),
      ),
    );
    await run(runAdd, [`${server.origin}/column`]);
    // The article's text was removed by an edit: the file names the page, but holds no article.
    const file = path.join(contentDir, "added", "2026-02-08-cranes-at-dawn.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.slice(0, text.indexOf("\n---\n") + 5));
    const again = await run(runAdd, [`${server.origin}/column`]);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toBe(
      `Already saved: ${server.origin}/column\n` +
        "date: unknown (the saved file could not be read back)\n" +
        "file: added/2026-02-08-cranes-at-dawn.md\n",
    );
  });

  it("shows a feed's and a page's titles as text, never as terminal commands", async () => {
    // A server chooses these titles: "\x1b[2J" would clear the screen, "\x1b]0;…\x07" set
    // the window's title.
    server.route(
      "/odd.xml",
      serve(
        "application/rss+xml",
        `<rss version="2.0"><channel><title>Odd \u001b[2J\u001b]0;HACKED\u0007 Feed</title>
<item><title>Odd \u001b[31mred\u001b[0m story</title><link>${server.origin}/odd-story</link><guid>odd-1</guid></item>
</channel></rss>`,
      ),
    );
    const paragraphs = [
      "The harbour master said the ferry would run again from Monday morning on.",
    ];
    server.route(
      "/odd-story",
      serve("text/html", articlePage({ title: "Odd \u001b]0;PAGE\u0007 page", paragraphs })),
    );
    const outputs = [
      await run(runFeeds, ["add", `${server.origin}/odd.xml`]),
      await run(runFeeds, ["check"]),
      await run(runFeeds, ["list"]),
      await run(runAdd, [`${server.origin}/odd-story`]),
    ];
    const printed = outputs.map((output) => output.stdout + output.stderr).join("");
    expect(printed).toContain("Odd \\x1b[2J\\x1b]0;HACKED\\x07 Feed");
    const controls = [...printed].filter((char) => char.charCodeAt(0) < 0x20 && char !== "\n");
    expect(controls).toEqual([]);
  });

  it("exits 1 for an unreadable address and 2 for bad arguments", async () => {
    const refused = await run(runAdd, ["http://10.0.0.1/"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("private");
    expect((await run(runFeeds, ["frobnicate"])).code).toBe(2);
    expect((await run(runAdd, [])).code).toBe(2);
  });

  it("refuses options they do not have and arguments list does not take, rather than ignore them", async () => {
    for (const [tool, args] of [
      [runFeeds, ["list", "--all"]],
      [runFeeds, ["check", "--force"]],
      [runFeeds, ["list", "2"]],
      [runAdd, ["--force"]],
    ] as const) {
      const refused = await run(tool, [...args]);
      expect(refused.code).toBe(2);
      expect(refused.stderr.split("\n")[0]).toBe(
        args[1] === "2" ? 'unexpected argument "2"' : `unknown option ${args.at(-1) ?? ""}`,
      );
    }
  });

  it("says which setting stops saving articles, before fetching anything", async () => {
    const single = path.join(contentDir, "one-article.txt");
    await writeFile(single, "date 2026-02-06\nThe dockers voted.\n");
    const asked = server.requests.length;
    const onFile = await runWith(runAdd, [`${server.origin}/strike`], { CONTENT_DIR: single });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain(
      "CONTENT_DIR is a file: articles can only be saved to a folder",
    );
    expect(onFile.stderr).not.toContain("    at ");
    // A setting to change, not a command line to fix: no usage under it.
    expect(onFile.stderr).not.toContain("usage:");
    expect(server.requests.length).toBe(asked);

    const invalid = await runWith(runFeeds, ["list"], { LOG_LEVEL: "loud" });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe(
      "Invalid configuration:\n- LOG_LEVEL: must be one of error, warn, info, http, verbose, debug, silly\n",
    );

    const badState = await runWith(runFeeds, ["list"], { DATA_DIR: single });
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain("the feed state database under DATA_DIR");
    expect(badState.stderr).not.toContain("CONTENT_DIR is");
    expect(badState.stderr).not.toContain("    at ");
  });
});
