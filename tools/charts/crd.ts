/**
 * Custom resources checked the way the API server checks them against a CRD's structural
 * schema: defaults applied, types, required fields, enums, patterns and bounds, unknown fields
 * rejected (no pruning: a field the CRD does not know is a mistake in the program), and every
 * `x-kubernetes-validations` CEL rule evaluated with @bufbuild/cel. Transition rules (those
 * reading `oldSelf`) only run on updates and are skipped.
 */
import { celFunc, celMethod, CelScalar, celEnv, parse, plan, type CelEnv } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import type { KubeObject } from "./releases.js";

export interface CelRule {
    readonly rule: string;
    readonly message?: string;
    readonly fieldPath?: string;
}

export interface SchemaProps {
    type?: string;
    format?: string;
    properties?: Record<string, SchemaProps>;
    additionalProperties?: SchemaProps | boolean;
    items?: SchemaProps;
    required?: string[];
    enum?: unknown[];
    pattern?: string;
    minLength?: number;
    maxLength?: number;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: boolean;
    exclusiveMaximum?: boolean;
    minItems?: number;
    maxItems?: number;
    minProperties?: number;
    maxProperties?: number;
    nullable?: boolean;
    default?: unknown;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-int-or-string"?: boolean;
    "x-kubernetes-embedded-resource"?: boolean;
    "x-kubernetes-validations"?: CelRule[];
}

export interface CrdVersion {
    readonly group: string;
    readonly kind: string;
    readonly version: string;
    readonly namespaced: boolean;
    readonly schema: SchemaProps;
    /** `<plural>.<group>`, the CRD's name. */
    readonly crd: string;
}

interface CrdObject extends KubeObject {
    spec?: {
        group?: string;
        scope?: string;
        names?: { kind?: string; plural?: string };
        versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: SchemaProps } }[];
    };
}

/** The served versions of a CustomResourceDefinition, keyed `group/version/Kind`. */
export function crdVersions(object: KubeObject): CrdVersion[] {
    const spec = (object as CrdObject).spec;
    if (!spec?.group || !spec.names?.kind) return [];
    return (spec.versions ?? [])
        .filter((v) => v.served !== false && v.name && v.schema?.openAPIV3Schema)
        .map((v) => ({
            group: spec.group!,
            kind: spec.names!.kind!,
            version: v.name!,
            namespaced: spec.scope !== "Cluster",
            schema: v.schema!.openAPIV3Schema!,
            crd: object.metadata?.name ?? `${spec.names!.plural}.${spec.group}`,
        }));
}

/** Kubernetes' CEL library functions the pinned charts' rules use, beyond the standard ones and the strings extension. */
const KUBERNETES_CEL: CelEnv = celEnv({
    funcs: [
        ...strings,
        // regex library: the first match, or "" (k8s.io/apiserver/pkg/cel/library/regex.go).
        celMethod("find", CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (this: string, pattern: string) {
            return new RegExp(pattern).exec(this)?.[0] ?? "";
        }),
        celMethod("findAll", CelScalar.STRING, [CelScalar.STRING], CelScalar.DYN, function (this: string, pattern: string) {
            return [...this.matchAll(new RegExp(pattern, "g"))].map((m) => m[0]);
        }),
        // url library: an absolute URI (k8s.io/apiserver/pkg/cel/library/urls.go).
        celFunc("isURL", [CelScalar.STRING], CelScalar.BOOL, (text: string) => {
            try {
                return new URL(text).protocol.length > 1;
            } catch {
                return false;
            }
        }),
    ],
});

const compiled = new Map<string, ReturnType<typeof plan>>();

function evaluateRule(rule: string, self: unknown): boolean | string {
    let program = compiled.get(rule);
    try {
        if (!program) {
            program = plan(KUBERNETES_CEL, parse(rule));
            compiled.set(rule, program);
        }
        const result = program({ self } as never);
        return result === true ? true : result === false ? false : `rule returned ${String(result)}`;
    } catch (err) {
        return `rule could not be evaluated: ${(err as Error).message.split("\n")[0]}`;
    }
}

/** A Go duration ("1h30m", "500ms") as a protobuf Duration, the CEL type of `format: duration`. */
function parseDuration(text: string): ReturnType<typeof create<typeof DurationSchema>> | undefined {
    const units: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
    let seconds = 0;
    let match: RegExpExecArray | null;
    let consumed = 0;
    const sign = text.startsWith("-") ? -1 : 1;
    const body = text.replace(/^[-+]/, "");
    if (body === "0") return create(DurationSchema, {});
    while ((match = re.exec(body))) {
        seconds += Number(match[1]) * units[match[2]!]!;
        consumed = re.lastIndex;
    }
    if (consumed !== body.length || consumed === 0) return undefined;
    const whole = Math.trunc(seconds);
    return create(DurationSchema, { seconds: BigInt(sign * whole), nanos: sign * Math.round((seconds - whole) * 1e9) });
}

/** A value as CEL sees it under its schema: integers are ints, `format: duration` strings are durations. */
function celValue(value: unknown, schema: SchemaProps | undefined): unknown {
    if (value === null || value === undefined || !schema) return value;
    if (Array.isArray(value)) return value.map((v) => celValue(v, schema.items));
    if (typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(value)) {
            const childSchema = schema.properties?.[key] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
            out[key] = celValue(child, childSchema);
        }
        return out;
    }
    if (typeof value === "number" && Number.isInteger(value) && (schema.type === "integer" || schema["x-kubernetes-int-or-string"])) return BigInt(value);
    if (typeof value === "string" && schema.type === "string" && schema.format === "duration") return parseDuration(value) ?? value;
    return value;
}

function typeOf(value: unknown): string {
    if (Array.isArray(value)) return "array";
    if (value === null) return "null";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/**
 * Problems with one object under a CRD version's schema (paths like `/spec/limits/cpu`).
 * The object is not changed; defaults are applied to a copy.
 */
export function validateCustomResource(object: KubeObject, version: CrdVersion): string[] {
    const problems: string[] = [];
    const copy = structuredClone(object) as Record<string, unknown>;
    const root: SchemaProps = { ...version.schema, properties: { ...version.schema.properties } };
    // The API server owns these; metadata is checked by ObjectMeta's rules, not the CRD's schema
    // (which may only say `type: object`).
    for (const key of ["apiVersion", "kind", "metadata"]) root.properties![key] = { "x-kubernetes-preserve-unknown-fields": true };
    if (!object.metadata?.name) problems.push("/metadata/name: required");
    walk(copy, root, "", problems);
    return problems;
}

function walk(value: unknown, schema: SchemaProps, at: string, problems: string[]): void {
    const here = at || "/";
    if (value === null) {
        if (!schema.nullable) problems.push(`${here}: null is not allowed`);
        return;
    }
    const actual = typeOf(value);
    const intOrString = schema["x-kubernetes-int-or-string"] === true;
    if (intOrString) {
        if (actual !== "integer" && actual !== "string") problems.push(`${here}: expected an integer or a string, got ${actual}`);
    } else if (schema.type) {
        const ok = schema.type === actual || (schema.type === "number" && actual === "integer");
        if (!ok) {
            problems.push(`${here}: expected ${schema.type}, got ${actual}`);
            return;
        }
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        problems.push(`${here}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof value === "string") {
        if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) problems.push(`${here}: "${value}" does not match ${schema.pattern}`);
        if (schema.minLength !== undefined && [...value].length < schema.minLength) problems.push(`${here}: shorter than ${schema.minLength}`);
        if (schema.maxLength !== undefined && [...value].length > schema.maxLength) problems.push(`${here}: longer than ${schema.maxLength}`);
        if (schema.format === "duration" && !intOrString && parseDuration(value) === undefined) problems.push(`${here}: "${value}" is not a duration`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) problems.push(`${here}: below the minimum ${schema.minimum}`);
        if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) problems.push(`${here}: above the maximum ${schema.maximum}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${here}: fewer than ${schema.minItems} items`);
        if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${here}: more than ${schema.maxItems} items`);
        if (schema.items) value.forEach((item, i) => walk(item, schema.items!, `${at}/${i}`, problems));
    } else if (typeof value === "object") {
        const record = value as Record<string, unknown>;
        for (const [key, prop] of Object.entries(schema.properties ?? {})) {
            if (record[key] === undefined && prop.default !== undefined) record[key] = structuredClone(prop.default);
        }
        for (const key of schema.required ?? []) if (record[key] === undefined) problems.push(`${at}/${key}: required`);
        const keys = Object.keys(record);
        if (schema.minProperties !== undefined && keys.length < schema.minProperties) problems.push(`${here}: fewer than ${schema.minProperties} properties`);
        if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) problems.push(`${here}: more than ${schema.maxProperties} properties`);
        const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
        for (const key of keys) {
            const prop = schema.properties?.[key] ?? additional;
            if (prop) walk(record[key], prop, `${at}/${key}`, problems);
            else if (!schema["x-kubernetes-preserve-unknown-fields"] && schema.additionalProperties !== true) problems.push(`${at}/${key}: unknown field`);
        }
    }
    for (const rule of schema["x-kubernetes-validations"] ?? []) {
        if (/\boldSelf\b/.test(rule.rule)) continue;
        const result = evaluateRule(rule.rule, celValue(value, schema));
        if (result === true) continue;
        const where = rule.fieldPath ? `${at}${rule.fieldPath.replace(/\./g, "/")}` : here;
        problems.push(`${where}: ${result === false ? rule.message ?? `failed rule: ${rule.rule}` : `${result} (${rule.rule})`}`);
    }
}
