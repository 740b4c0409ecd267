import type { Json } from "./util.ts";
import { asArray, asRecord, isRecord } from "./util.ts";

/** Discord's nested error tree of a 50035 "Invalid Form Body" answer. */
export type ErrorTree = { _errors?: Array<{ code: string; message: string }> } & {
  [key: string]: ErrorTree | Array<{ code: string; message: string }> | undefined;
};

export class FormErrors {
  readonly tree: ErrorTree = {};
  count = 0;

  add(path: Array<string | number>, code: string, message: string): void {
    let node: ErrorTree = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = (node[k] as ErrorTree | undefined) ?? {};
      node[k] = next;
      node = next;
    }
    (node._errors ??= []).push({ code, message });
    this.count += 1;
  }

  maxLength(path: Array<string | number>, value: unknown, max: number): void {
    if (typeof value === "string" && value.length > max) {
      this.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    } else if (Array.isArray(value) && value.length > max) {
      this.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    }
  }

  required(path: Array<string | number>, value: unknown): void {
    if (value === undefined || value === null || value === "") {
      this.add(path, "BASE_TYPE_REQUIRED", "This field is required");
    }
  }

  /** The body of the 400 answer, with the tree optionally nested under `prefix` (e.g. `data`). */
  body(prefix?: string): Json {
    return {
      code: 50035,
      message: "Invalid Form Body",
      errors: prefix ? { [prefix]: this.tree } : this.tree,
    };
  }
}

const len = (value: unknown): number => (typeof value === "string" ? value.length : 0);

const MESSAGE_FLAG_IS_COMPONENTS_V2 = 1 << 15;

/** Checks a message create/edit body against Discord's documented limits. */
export function validateMessageBody(body: Json, errors: FormErrors): void {
  errors.maxLength(["content"], body["content"], 2000);
  const embeds = asArray(body["embeds"]);
  errors.maxLength(["embeds"], embeds, 10);
  let embedChars = 0;
  embeds.forEach((raw, i) => {
    const embed = asRecord(raw);
    const title = embed["title"];
    const description = embed["description"];
    errors.maxLength(["embeds", i, "title"], title, 256);
    errors.maxLength(["embeds", i, "description"], description, 4096);
    const fields = asArray(embed["fields"]);
    errors.maxLength(["embeds", i, "fields"], fields, 25);
    fields.forEach((rawField, j) => {
      const field = asRecord(rawField);
      errors.required(["embeds", i, "fields", j, "name"], field["name"]);
      errors.required(["embeds", i, "fields", j, "value"], field["value"]);
      errors.maxLength(["embeds", i, "fields", j, "name"], field["name"], 256);
      errors.maxLength(["embeds", i, "fields", j, "value"], field["value"], 1024);
      embedChars += len(field["name"]) + len(field["value"]);
    });
    const footer = asRecord(embed["footer"]);
    const author = asRecord(embed["author"]);
    errors.maxLength(["embeds", i, "footer", "text"], footer["text"], 2048);
    errors.maxLength(["embeds", i, "author", "name"], author["name"], 256);
    embedChars += len(title) + len(description) + len(footer["text"]) + len(author["name"]);
  });
  if (embedChars > 6000)
    errors.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");

  const flags = typeof body["flags"] === "number" ? body["flags"] : 0;
  const components = asArray(body["components"]);
  if ((flags & MESSAGE_FLAG_IS_COMPONENTS_V2) === 0) {
    errors.maxLength(["components"], components, 5);
    components.forEach((rawRow, i) => {
      const row = asRecord(rawRow);
      if (row["type"] !== 1) {
        errors.add(
          ["components", i],
          "UNION_TYPE_CHOICES",
          'Value of field "type" must be one of (1,).',
        );
        return;
      }
      const children = asArray(row["components"]);
      errors.maxLength(["components", i, "components"], children, 5);
      children.forEach((rawChild, j) => {
        const child = asRecord(rawChild);
        errors.maxLength(["components", i, "components", j, "custom_id"], child["custom_id"], 100);
        errors.maxLength(["components", i, "components", j, "label"], child["label"], 80);
        errors.maxLength(
          ["components", i, "components", j, "placeholder"],
          child["placeholder"],
          150,
        );
        errors.maxLength(["components", i, "components", j, "options"], child["options"], 25);
      });
    });
  }
}

/** Whether a create body would produce a message with nothing in it. */
export function isEmptyMessage(body: Json, fileCount: number): boolean {
  const content = typeof body["content"] === "string" ? body["content"].trim() : "";
  return (
    content === "" &&
    asArray(body["embeds"]).length === 0 &&
    asArray(body["components"]).length === 0 &&
    asArray(body["sticker_ids"]).length === 0 &&
    !isRecord(body["poll"]) &&
    fileCount === 0
  );
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates one application command as sent to the (bulk) create endpoints. */
export function validateCommand(
  input: Json,
  errors: FormErrors,
  path: Array<string | number>,
): void {
  const type = typeof input["type"] === "number" ? input["type"] : 1;
  const name = input["name"];
  if (typeof name !== "string" || name.length === 0) {
    errors.add([...path, "name"], "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  if (type === 1) {
    if (!NAME_RE.test(name) || name !== name.toLowerCase()) {
      errors.add([...path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    }
    const description = input["description"];
    if (typeof description !== "string" || description.length < 1 || description.length > 100) {
      errors.add(
        [...path, "description"],
        "BASE_TYPE_BAD_LENGTH",
        "Must be between 1 and 100 in length.",
      );
    }
    validateOptions(asArray(input["options"]), errors, [...path, "options"]);
  } else if (name.length > 32) {
    errors.add([...path, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.");
  }
}

function validateOptions(
  options: unknown[],
  errors: FormErrors,
  path: Array<string | number>,
): void {
  errors.maxLength(path, options, 25);
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((raw, i) => {
    const option = asRecord(raw);
    const name = option["name"];
    if (typeof name !== "string" || !NAME_RE.test(name) || name !== name.toLowerCase()) {
      errors.add(
        [...path, i, "name"],
        "APPLICATION_COMMAND_INVALID_NAME",
        "Command name is invalid",
      );
    } else if (names.has(name)) {
      errors.add(
        [...path, i, "name"],
        "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
        "Option names must be unique",
      );
    } else names.add(name);
    const description = option["description"];
    if (typeof description !== "string" || description.length < 1 || description.length > 100) {
      errors.add(
        [...path, i, "description"],
        "BASE_TYPE_BAD_LENGTH",
        "Must be between 1 and 100 in length.",
      );
    }
    if (option["required"] === true && sawOptional) {
      errors.add(
        [...path, i, "required"],
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        "Required options must be placed before non-required options",
      );
    }
    if (option["required"] !== true) sawOptional = true;
    errors.maxLength([...path, i, "choices"], option["choices"], 25);
    if (option["autocomplete"] === true && asArray(option["choices"]).length > 0) {
      errors.add(
        [...path, i, "autocomplete"],
        "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
        "Autocomplete cannot be enabled if choices are present.",
      );
    }
    const type = option["type"];
    if (type === 1 || type === 2)
      validateOptions(asArray(option["options"]), errors, [...path, i, "options"]);
  });
}
