/**
 * Kubernetes names from user names, one function per convention:
 * - `dnsLabel`: the name every back end gives a user name the validator accepted (`dnsLabelProblem`);
 * - `argoName`: the same for any text, made valid (Argo's template and task names);
 * - `kfpSanitize`: the KFP SDK's `sanitize_k8s_name`, which KFP's names and pod volume names follow;
 * and `UniqueNames`, which numbers names that are taken.
 */

/** The longest DNS-1123 label (a Kubernetes object or label name, a label value). */
export const MAX_LABEL_LENGTH = 63;

/** The longest DNS-1123 subdomain (the names of most Kubernetes objects, a label key's prefix). */
export const MAX_SUBDOMAIN_LENGTH = 253;

/** The longest template or task name `argo lint` accepts. */
export const MAX_ARGO_NAME_LENGTH = 128;

/** A DNS-1123 subdomain: dot-separated lowercase labels. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The Kubernetes name of a user name, as every back end derives it: lowercase, `_` as `-`. A name
 * `dnsLabelProblem` accepts gives a DNS-1123 label; two names that give the same label collide.
 */
export function dnsLabel(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/**
 * Why `name` does not give a valid DNS label (RFC 1123, or RFC 1035 when `mustStartWithLetter`):
 * lowercase letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters.
 * `undefined` when it does.
 */
export function dnsLabelProblem(name: string, mustStartWithLetter: boolean): string | undefined {
  if (name.length === 0) return "it is empty";
  const label = dnsLabel(name);
  const bad = [...name].find((c) => !/[A-Za-z0-9_-]/.test(c));
  if (bad !== undefined) return `it contains '${bad}', but Kubernetes names allow only letters, digits, '_' and '-'`;
  if (label.length > MAX_LABEL_LENGTH) {
    return `it is ${label.length} characters long, but Kubernetes names have at most ${MAX_LABEL_LENGTH}`;
  }
  if (mustStartWithLetter && !/^[a-z]/.test(label)) {
    return `it becomes the Kubernetes name '${label}', which must start with a letter`;
  }
  if (!/^[a-z0-9]/.test(label)) return `it becomes the Kubernetes name '${label}', which must start with a letter or digit`;
  if (!/[a-z0-9]$/.test(label)) return `it becomes the Kubernetes name '${label}', which must end with a letter or digit`;
  return undefined;
}

/** Whether `text` is a DNS-1123 subdomain of at most 253 characters (`example.com`, `my-app`). */
export function isDnsSubdomain(text: string): boolean {
  return text.length <= MAX_SUBDOMAIN_LENGTH && DNS1123_SUBDOMAIN.test(text);
}

/**
 * `dnsLabel` made valid for any text, as Argo's template and task names: every other character outside
 * `a-z0-9-` also becomes `-`, no `-` at either end, at most 128 characters (`argo lint`), `x` when
 * nothing is left. On a name `dnsLabelProblem` accepts it is `dnsLabel(name)`.
 */
export function argoName(text: string): string {
  const name = dnsLabel(text).replace(/[^a-z0-9-]/g, "-").replace(/^-+/, "");
  return truncateName(name, MAX_ARGO_NAME_LENGTH) || "x";
}

/**
 * The KFP SDK's `sanitize_k8s_name`: lowercase, every run of characters other than `a-z` and `0-9`
 * becomes one `-`, no `-` at either end (`My__Step` → `my-step`; `""` when nothing is left). KFP's
 * pipeline, task, `comp-` and `exec-` names and pod volume names come from it.
 */
export function kfpSanitize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^0-9a-z]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The first `maxLength` characters of a name, without the `-` that cutting leaves at its end. */
export function truncateName(name: string, maxLength: number): string {
  return name.slice(0, maxLength).replace(/-+$/, "");
}

/**
 * Hands out names unique within one scope (a Workflow's templates, a pipeline spec's tasks, a pod's
 * volumes): the first to ask for a base gets it, the next the first free of `-2`, `-3`… in the order
 * asked for, so the same program always gives the same names (the KFP SDK's
 * `make_name_unique_by_adding_index`). With `maxLength`, the base is cut so that it fits with its suffix.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();
  /** Per base, the index to try next: names are never given back, so lower ones stay taken. */
  private readonly next = new Map<string, number>();

  constructor(private readonly maxLength = Infinity) {}

  /** Marks a name as used without handing it out (a task name fixed by its step). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  take(base: string): string {
    let name = base;
    if (this.taken.has(name)) {
      let i = this.next.get(base) ?? 2;
      while (this.taken.has((name = this.numbered(base, i)))) i++;
      this.next.set(base, i + 1);
    }
    this.taken.add(name);
    return name;
  }

  private numbered(base: string, i: number): string {
    const suffix = `-${i}`;
    return `${base.slice(0, this.maxLength - suffix.length)}${suffix}`;
  }
}
