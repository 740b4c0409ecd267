/**
 * A helper thread of a library build (buildWorker.ts): indexes one part of the library's
 * articles, given as lines in memory shared with the build, while the build indexes the
 * rest; the build joins the parts into the library's index (core/indexParts.ts).
 *
 *   build → `part` (the part's articles as lines, the index settings) → helper →
 *   `progress` now and then while it indexes → `indexed` (the part's index, its buffers
 *   transferred) or `failed`.
 * One part per helper: the build ends it once the part has come back.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import { indexPart, type IndexedPart } from "../core/passageIndex.ts";
import { rankingSettings } from "../core/settings.ts";
import { decodeArticleLines, type LinesBuffer } from "./articleLines.ts";
import { progressReporter } from "./buildThread.ts";

/** What the build asks of the helper. */
export interface PartRequest {
  type: "part";
  /** The part's articles as lines. */
  lines: LinesBuffer;
  /** The build's index settings. */
  settings: Readonly<Record<string, number>>;
}

/** What the helper answers. */
export type PartAnswer =
  | { type: "progress" }
  | { type: "indexed"; part: IndexedPart }
  | { type: "failed"; message: string };

/** The `workerData` a helper is started with, so no other thread takes its role. */
export const INDEX_PART_ROLE = "citebot library build helper";

/** The buffers of a part's arrays, which its answer transfers. */
export function partBuffers(part: IndexedPart): ArrayBuffer[] {
  return Object.values(part)
    .filter((value): value is Uint32Array | Int32Array => ArrayBuffer.isView(value))
    .map((array) => array.buffer as ArrayBuffer);
}

async function indexRequestedPart(
  request: PartRequest,
  onArticle: () => void,
): Promise<IndexedPart> {
  const articles = await decodeArticleLines(request.lines, () => Promise.resolve());
  return indexPart(articles, rankingSettings(request.settings), onArticle);
}

function serve(port: MessagePort): void {
  const progress = progressReporter(() =>
    port.postMessage({ type: "progress" } satisfies PartAnswer),
  );
  port.once("message", (request: PartRequest) => {
    indexRequestedPart(request, progress).then(
      (part) => port.postMessage({ type: "indexed", part } satisfies PartAnswer, partBuffers(part)),
      (err: unknown) =>
        port.postMessage({
          type: "failed",
          message: err instanceof Error ? err.message : String(err),
        } satisfies PartAnswer),
    );
  });
}

if (!isMainThread && parentPort && workerData === INDEX_PART_ROLE) serve(parentPort);
