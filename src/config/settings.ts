import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { BackendName } from "../backends/contract.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { RuleSeverity } from "../passes/lint/rule.js";
import { ConfigFinder } from "./discover.js";
import { matchesAny } from "./glob.js";
import type { loadConfig } from "./load.js";
import type { KfpServerConfig, MlpcConfig } from "./types.js";

/** The settings in effect for one checked file. */
export interface FileSettings {
  /** Lint rule levels by rule id; a rule not named runs at its default level. */
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  /** The targets whose checks run for the file; absent: all. */
  readonly targets?: readonly BackendName[];
  /** The cluster profile, as an absolute path. */
  readonly cluster?: string;
  /** The absolute path of the config file these come from. */
  readonly configFile?: string;
  /** The KFP server `submit -t kfp` uses, unless the command line names one. */
  readonly kfp?: KfpServerConfig;
}

/** How the command line chose the config: `--config FILE` (a string), `--no-config` (false), or discovery. */
export type ConfigChoice = string | false | undefined;

/** The name of standard input as a checked file (src/cli/inputs.ts). */
const STDIN = "<stdin>";

/**
 * The settings of the files a run checks. `settingsFor(file)` finds (or takes, with `--config`) the
 * config file, loads it once, and resolves it for the file: top-level `rules` and `targets`, then each
 * override whose `files` globs match the file's path relative to the config's folder, later entries
 * winning. Problems with config files collect in `diagnostics` (each once).
 */
export class Settings {
  readonly diagnostics: Diagnostic[] = [];
  /** Config file texts by the name diagnostics give them, for snippets. */
  readonly sources = new Map<string, string>();
  private readonly finder = new ConfigFinder((path) => this.shown(path));
  private readonly loaded = new Map<string, MlpcConfig | undefined>();
  private readonly reported = new Set<string>();
  /** The config reader (YAML and JSON Schema: heavy), imported only when a config file is in use. */
  private loader?: typeof loadConfig;

  constructor(
    private readonly cwd: string,
    private readonly choice: ConfigChoice,
    private readonly ruleIds: () => readonly string[],
  ) {}

  /**
   * Settings for `files`, every config file they use loaded now: the lint rule ids (to check `rules`
   * against) are loaded only when a config file is in use.
   */
  static async forFiles(files: readonly string[], cwd: string, choice: ConfigChoice): Promise<Settings> {
    let ids: readonly string[] = [];
    const settings = new Settings(cwd, choice, () => ids);
    if (choice === false) return settings;
    const used = files.map((f) => settings.configFileFor(f)).filter((f) => f !== undefined);
    // `--config FILE` is read even when no input is left to use it.
    if (typeof choice === "string") used.push(resolve(cwd, choice));
    if (used.length > 0) {
      ids = (await import("../passes/lint/index.js")).LINT_RULES.map((r) => r.id);
      settings.loader = (await import("./load.js")).loadConfig;
    }
    for (const file of used) settings.load(file);
    return settings;
  }

  /** The effective settings of `file` (as given on the command line, `<stdin>` for `-`). */
  settingsFor(file: string): FileSettings {
    if (this.choice === false) return { rules: {} };
    const configFile = this.configFileFor(file);
    if (configFile === undefined) return { rules: {} };
    const config = this.load(configFile);
    if (config === undefined) return { rules: {} };
    const folder = dirname(configFile);
    // Standard input has no path: only the top-level settings apply to it.
    const path = file === STDIN ? undefined : relative(folder, resolve(this.cwd, file)).split(sep).join("/");
    return resolveSettings(config, folder, path, configFile);
  }

  /** The cluster profile for `file` (an absolute path), if its config names one. */
  clusterOf(file: string): string | undefined {
    return this.settingsFor(file).cluster;
  }

  private configFileFor(file: string): string | undefined {
    if (typeof this.choice === "string") return resolve(this.cwd, this.choice);
    const dir = file === STDIN ? this.cwd : dirname(resolve(this.cwd, file));
    const found = this.finder.find(dir);
    this.report(found.diagnostics);
    return found.file;
  }

  private load(configFile: string): MlpcConfig | undefined {
    if (this.loaded.has(configFile)) return this.loaded.get(configFile);
    const shown = this.shown(configFile);
    // `forFiles` reads every config file its files use: one not read then is a bug.
    if (this.loader === undefined) throw new Error(`the config file '${shown}' was not read when the settings were made`);
    const result = this.loader(configFile, shown, this.ruleIds);
    if (result.text !== undefined) this.sources.set(shown, result.text);
    this.report(result.diagnostics);
    this.loaded.set(configFile, result.config);
    return result.config;
  }

  /** A config file inside the working folder is named relative to it, any other by its absolute path. */
  private shown(path: string): string {
    const rel = relative(this.cwd, path);
    if (rel === "") return ".";
    return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  }

  private report(found: readonly Diagnostic[]): void {
    for (const d of found) {
      const key = JSON.stringify([d.code, d.message, d.loc]);
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.diagnostics.push(d);
    }
  }
}

/**
 * The settings of the file at `path` (relative to `folder`, the config's folder, with `/` separators;
 * undefined for standard input, which no override matches).
 */
export function resolveSettings(config: MlpcConfig, folder: string, path: string | undefined, configFile?: string): FileSettings {
  const rules: Record<string, RuleSeverity> = { ...config.rules };
  let targets = config.targets;
  for (const o of config.overrides ?? []) {
    if (path === undefined || !matchesAny(path, o.files)) continue;
    Object.assign(rules, o.rules);
    if (o.targets !== undefined) targets = o.targets;
  }
  return {
    rules,
    ...(targets !== undefined ? { targets } : {}),
    ...(config.cluster !== undefined ? { cluster: resolve(folder, config.cluster) } : {}),
    ...(configFile !== undefined ? { configFile } : {}),
    ...(config.kfp !== undefined ? { kfp: config.kfp } : {}),
  };
}
