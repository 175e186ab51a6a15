/**
 * The globs of a config file's `overrides[].files`: `*` is any run of characters within one path
 * segment, `?` one character other than `/`, `**` as a whole segment any number of segments (none
 * included). Paths are relative to the config file's folder, with `/` separators; everything else
 * matches itself.
 */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*" && (i === 0 || glob[i - 1] === "/") && (i + 2 === glob.length || glob[i + 2] === "/")) {
      // `**/` is zero or more whole segments; a trailing `**` is everything below.
      out += i + 2 === glob.length ? ".*" : "(?:[^/]*/)*";
      i += 2;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Whether the relative path `path` (separators `/`) matches one of `globs`. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path));
}
