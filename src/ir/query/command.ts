import type { CommandItem, IfPresent, Placeholder, PlaceholderRef } from "../types.js";

/** Every placeholder and `if x [...]` of a command line, including those inside `if` branches. */
export function commandParts(items: readonly CommandItem[]): (Placeholder | IfPresent)[] {
  const out: (Placeholder | IfPresent)[] = [];
  const visit = (list: readonly CommandItem[]): void => {
    for (const item of list) {
      if (item.kind === "ifPresent") {
        out.push(item);
        visit(item.then);
        visit(item.otherwise);
      } else {
        for (const part of item.parts) if (part.kind === "placeholder") out.push(part);
      }
    }
  };
  visit(items);
  return out;
}

/** How a placeholder is written in source: `lr`, `data.path`, `model.uri`, `model.metadata`. */
export function placeholderText(ref: PlaceholderRef, name: string): string {
  if (ref === "inputValue") return name;
  if (ref.endsWith("Path")) return `${name}.path`;
  if (ref.endsWith("Uri")) return `${name}.uri`;
  return `${name}.metadata`;
}
