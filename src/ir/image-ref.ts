/**
 * Container image references, by the OCI distribution grammar (what `docker pull` and Kubernetes
 * accept): `[registry[:port]/]path[:tag][@digest]`.
 */

export interface ImageRef {
  /** `ghcr.io`, `localhost:5000`; absent for Docker Hub short names. */
  readonly registry?: string;
  /** `acme/train`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:…`. */
  readonly digest?: string;
}

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha512: 128 };
const MAX_NAME = 255;

/** The parts of `ref`, or why it is not a valid reference (a phrase: "the tag is empty"). */
export function parseImageRef(ref: string): ImageRef | { readonly error: string } {
  if (ref.trim() === "") return { error: "it is empty" };
  if (/\s/.test(ref)) return { error: "it contains whitespace" };

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem !== undefined) return { error: problem };
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag === "") return { error: "the tag after ':' is empty" };
    if (tag.length > 128) return { error: `the tag is ${tag.length} characters long, but tags have at most 128` };
    if (!TAG.test(tag)) {
      return { error: `the tag '${tag}' may contain only letters, digits, '_', '.' and '-', and must not start with '.' or '-'` };
    }
  }
  if (rest === "") return { error: "it has no repository name" };

  const parts = rest.split("/");
  let registry: string | undefined;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost")) {
    registry = parts.shift()!;
    const problem = registryProblem(registry);
    if (problem !== undefined) return { error: problem };
  }
  for (const p of parts) {
    if (p === "") return { error: "the repository path has an empty part (a '/' at the start or end, or two in a row)" };
    if (!PATH_COMPONENT.test(p)) {
      if (PATH_COMPONENT.test(p.toLowerCase())) {
        return { error: `repository names must be lowercase; write '${lowercaseName(ref, registry)}'` };
      }
      return {
        error: `the repository path part '${p}' may contain only lowercase letters and digits, separated by '.', '_', '__' or '-'`,
      };
    }
  }
  if (rest.length > MAX_NAME) return { error: `the name is ${rest.length} characters long, but names have at most ${MAX_NAME}` };
  return {
    ...(registry === undefined ? {} : { registry }),
    repository: parts.join("/"),
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(":");
  if (colon < 0) return `the digest '${digest}' has no algorithm; write '@sha256:' followed by 64 hexadecimal digits`;
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX[algorithm];
  if (length === undefined) return `the digest algorithm '${algorithm}' is not supported; use sha256`;
  if (!/^[0-9a-fA-F]*$/.test(hex)) return `the ${algorithm} digest may contain only hexadecimal digits`;
  if (hex !== hex.toLowerCase()) return `the ${algorithm} digest must be lowercase hexadecimal`;
  if (hex.length !== length) return `a ${algorithm} digest has ${length} hexadecimal digits, but this one has ${hex.length}`;
  return undefined;
}

function registryProblem(registry: string): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(.*))?$/.exec(registry);
  const host = m?.[1] ?? registry;
  const port = m?.[2];
  const hostOk = host.startsWith("[") || host.split(".").every((c) => DOMAIN_COMPONENT.test(c));
  if (m === null || !hostOk) return `the registry host '${host}' is not a valid host name`;
  if (port !== undefined && !/^\d+$/.test(port)) return `the registry port '${port}' is not a number`;
  return undefined;
}

function lowercaseName(ref: string, registry: string | undefined): string {
  const prefix = registry === undefined ? "" : `${registry}/`;
  const afterRegistry = ref.slice(prefix.length);
  const end = afterRegistry.search(/[:@]/);
  const name = end < 0 ? afterRegistry : afterRegistry.slice(0, end);
  const suffix = end < 0 ? "" : afterRegistry.slice(end);
  return `${prefix}${name.toLowerCase()}${suffix}`;
}

/** Why the image may change between runs (no tag or `:latest`, and no digest), or `undefined`. */
export function mutableImageReason(ref: ImageRef): string | undefined {
  if (ref.digest !== undefined) return undefined;
  if (ref.tag === undefined) return "has no tag";
  if (ref.tag === "latest") return "uses the tag 'latest'";
  return undefined;
}
