/**
 * Built-in Kubernetes kinds: which API versions a cluster serves (for `helm template
 * --api-versions`), which kinds are cluster-scoped, and validation of an object against the
 * Kubernetes schemas shipped by `kubernetes-models`, with unknown fields reported too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { KubeObject } from "./releases.js";

const MODELS_DIR = path.dirname(fileURLToPath(import.meta.resolve("kubernetes-models")));

export interface BuiltinKind {
    readonly group: string;
    readonly version: string;
    readonly kind: string;
    readonly module: string;
}

let catalog: Map<string, BuiltinKind> | undefined;

/**
 * Every GA built-in kind `kubernetes-models` knows, keyed `apiVersion/Kind`. Only GA versions:
 * since Kubernetes 1.24 new beta APIs are off by default and the old betas the package still
 * carries (policy/v1beta1, batch/v1beta1, ...) were removed by 1.32, so a cluster serves neither.
 */
export function builtinKinds(): Map<string, BuiltinKind> {
    if (catalog) return catalog;
    catalog = new Map();
    const groups = fs.readdirSync(MODELS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith("_"));
    for (const dir of groups) {
        const versionDirs = /^v\d+$/.test(dir.name) ? [{ group: "", version: dir.name, full: path.join(MODELS_DIR, dir.name) }] : fs
            .readdirSync(path.join(MODELS_DIR, dir.name))
            .filter((v) => /^v\d+$/.test(v))
            .map((v) => ({ group: dir.name, version: v, full: path.join(MODELS_DIR, dir.name, v) }));
        for (const { group, version, full } of versionDirs) {
            for (const file of fs.readdirSync(full)) {
                if (!file.endsWith(".js") || file === "index.js") continue;
                const kind = /static\{this\.kind="([^"]+)"\}/.exec(fs.readFileSync(path.join(full, file), "utf8"))?.[1];
                if (!kind || kind.endsWith("List") || kind !== file.slice(0, -3)) continue;
                const apiVersion = group ? `${group}/${version}` : version;
                catalog.set(`${apiVersion}/${kind}`, { group, version, kind, module: path.join(full, file) });
            }
        }
    }
    return catalog;
}

/** `--api-versions` for the built-in APIs: every `group/version` and `group/version/Kind`. */
export function builtinApiVersions(): string[] {
    const out = new Set<string>();
    for (const [key, k] of builtinKinds()) {
        out.add(k.group ? `${k.group}/${k.version}` : k.version);
        out.add(key);
    }
    return [...out].sort();
}

/** Built-in kinds without a namespace (Kubernetes API reference, `kubectl api-resources --namespaced=false`). */
const CLUSTER_SCOPED = new Set([
    "Namespace", "Node", "PersistentVolume", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeAttributesClass",
    "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "PriorityClass", "RuntimeClass", "IngressClass",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "FlowSchema", "PriorityLevelConfiguration", "CertificateSigningRequest",
    "ClusterTrustBundle", "DeviceClass", "ResourceSlice", "IPAddress", "ServiceCIDR", "ComponentStatus", "SelfSubjectReview",
    "TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
]);

export function isClusterScopedBuiltin(kind: string): boolean {
    return CLUSTER_SCOPED.has(kind);
}

/**
 * Fields the generated validators never read although Kubernetes defines them: the
 * `x-kubernetes-*` JSONSchemaProps extensions of a CRD's schema (apiextensions.k8s.io/v1
 * types_jsonschema.go) and every property named `description` (column, schema and
 * PriorityClass descriptions), which the generator drops as if it were the JSON Schema keyword.
 */
const NEVER_READ = new Set([
    "description",
    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
    "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations",
]);

interface Touched {
    readonly read: Set<string>;
    enumerated: boolean;
}

/**
 * Problems with a built-in object: the schema's own errors, plus every field the schema does
 * not define. The generated validators read each property their schema defines and enumerate
 * the keys of maps, so a key of a typed object that the validator never read is unknown to
 * Kubernetes (the API server drops or, with strict field validation, rejects it).
 */
export async function validateBuiltin(object: KubeObject, kind: BuiltinKind): Promise<string[]> {
    const module = (await import(pathToFileURL(kind.module).href)) as Record<string, { prototype: { validate(): void } }>;
    const model = module[kind.kind];
    if (!model) return [`kubernetes-models has no model for ${kind.kind}`];
    const touched = new Map<object, Touched>();
    const wrap = (value: unknown): unknown => {
        if (value === null || typeof value !== "object") return value;
        const record: Touched = { read: new Set(), enumerated: false };
        touched.set(value, record);
        const proxies = new Map<string | symbol, unknown>();
        return new Proxy(value, {
            get(target, key, receiver) {
                if (typeof key === "string") record.read.add(key);
                if (!proxies.has(key)) proxies.set(key, wrap(Reflect.get(target, key, receiver)));
                return proxies.get(key);
            },
            ownKeys(target) {
                record.enumerated = true;
                return Reflect.ownKeys(target);
            },
        });
    };
    const problems: string[] = [];
    try {
        model.prototype.validate.call(wrap(object));
    } catch (err) {
        const errors = (err as { errors?: { instancePath?: string; message?: string; params?: unknown }[] }).errors;
        if (errors?.length) {
            for (const e of errors.slice(0, 5)) problems.push(`${e.instancePath || "/"}: ${e.message ?? JSON.stringify(e.params)}`);
        } else {
            problems.push((err as Error).message.split("\n")[0]!);
        }
    }
    const walk = (value: unknown, at: string): void => {
        if (value === null || typeof value !== "object") return;
        const record = touched.get(value);
        const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
        if (record && !Array.isArray(value) && !record.enumerated && record.read.size > 0) {
            for (const [key] of entries) {
                if (!record.read.has(key) && !NEVER_READ.has(key)) problems.push(`${at}/${key}: unknown field`);
            }
        }
        for (const [key, child] of entries) walk(child, `${at}/${key}`);
    };
    walk(object, "");
    return problems;
}
