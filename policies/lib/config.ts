/**
 * Per-stack pack config (`policies/config/<stack>.json`), resolved the way the Pulumi CLI does
 * for `--policy-pack-config` (pkg/resource/analyzer/config.go): schema defaults first, then
 * `"all"`, then each rule's own entry; the result is validated against each rule's schema.
 * Stricter than the CLI in one way: unknown rule names and settings are errors, so a typo
 * cannot silently leave a rule at its default.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import type { Rule, RulePack } from "./rule.js";
import type { RuleSettings } from "./evaluate.js";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PolicyConfigError extends Error {
    override name = "PolicyConfigError";
    constructor(
        readonly file: string,
        readonly problems: readonly string[],
    ) {
        super(`${file} is not a valid policy pack config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

/** Effective settings of every rule of `packs`, keyed by rule name. Throws one error listing every problem. */
export function resolvePackConfig(packs: readonly RulePack[], raw: unknown, file: string): Map<string, RuleSettings> {
    const rules = new Map<string, Rule>(packs.flatMap((p) => p.rules.map((r) => [r.name, r] as const)));
    const problems: string[] = [];
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new PolicyConfigError(file, ['must be a JSON object: { "all": "<level>", "<rule name>": "<level>" | { "enforcementLevel": ..., <settings> } }']);
    }

    const given = new Map<string, { level?: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const [key, value] of Object.entries(raw)) {
        if (key !== "all" && !rules.has(key)) {
            problems.push(`"${key}" is not a rule of ${packs.map((p) => p.name).join(" or ")}; fix its spelling or remove it`);
            continue;
        }
        if (typeof value === "string") {
            if (!LEVELS.includes(value as EnforcementLevel)) {
                problems.push(`${key}: "${value}" is not an enforcement level; use one of ${LEVELS.join(", ")}`);
            } else {
                given.set(key, { level: value as EnforcementLevel, properties: {} });
            }
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            problems.push(`${key}: must be an enforcement level or an object of settings`);
            continue;
        }
        const { enforcementLevel, ...properties } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as EnforcementLevel)) {
            problems.push(`${key}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level; use one of ${LEVELS.join(", ")}`);
            continue;
        }
        if (key === "all" && Object.keys(properties).length > 0) {
            problems.push(`all: only takes an enforcement level`);
            continue;
        }
        given.set(key, { ...(enforcementLevel === undefined ? {} : { level: enforcementLevel as EnforcementLevel }), properties });
    }

    const all = given.get("all")?.level;
    const resolved = new Map<string, RuleSettings>();
    for (const rule of rules.values()) {
        const schema = rule.configSchema?.properties ?? {};
        const properties: Record<string, unknown> = {};
        for (const [prop, propSchema] of Object.entries(schema)) {
            if ((propSchema as { default?: unknown }).default !== undefined) properties[prop] = structuredClone((propSchema as { default?: unknown }).default);
        }
        const own = given.get(rule.name);
        for (const [prop, value] of Object.entries(own?.properties ?? {})) {
            if (!(prop in schema)) {
                const known = Object.keys(schema);
                problems.push(`${rule.name}.${prop}: not a setting of this rule; ${known.length ? `it has ${known.join(", ")}` : "it has none"}`);
                continue;
            }
            properties[prop] = value;
        }
        for (const [prop, propSchema] of Object.entries(schema)) {
            if (prop in properties) problems.push(...validate(propSchema, properties[prop], `${rule.name}.${prop}`));
        }
        for (const required of rule.configSchema?.required ?? []) {
            if (!(required in properties)) problems.push(`${rule.name}.${required}: is required`);
        }
        resolved.set(rule.name, { enforcementLevel: own?.level ?? all ?? rule.enforcementLevel, properties });
    }
    if (problems.length > 0) throw new PolicyConfigError(file, problems);
    return resolved;
}

/** The subset of JSON schema the rules' settings use: type, enum, items, minimum, maximum, minItems, pattern. */
function validate(schema: any, value: unknown, path: string): string[] {
    const type = schema?.type as string | undefined;
    const got = Array.isArray(value) ? "a list" : value === null ? "null" : typeof value;
    if (type === "array") {
        if (!Array.isArray(value)) return [`${path}: must be a list, got ${got}`];
        if (typeof schema.minItems === "number" && value.length < schema.minItems) return [`${path}: must list at least ${schema.minItems} item(s)`];
        return value.flatMap((item, i) => (schema.items ? validate(schema.items, item, `${path}[${i}]`) : []));
    }
    if (type === "object") {
        if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${path}: must be an object, got ${got}`];
        return Object.entries(value).flatMap(([k, v]) => (schema.additionalProperties ? validate(schema.additionalProperties, v, `${path}.${k}`) : []));
    }
    if (type === "integer" && !Number.isInteger(value)) return [`${path}: must be a whole number, got ${got}`];
    if (type === "number" && typeof value !== "number") return [`${path}: must be a number, got ${got}`];
    if (type === "string" && typeof value !== "string") return [`${path}: must be a string, got ${got}`];
    if (type === "boolean" && typeof value !== "boolean") return [`${path}: must be true or false, got ${got}`];
    const problems: string[] = [];
    if (Array.isArray(schema?.enum) && !schema.enum.includes(value)) problems.push(`${path}: must be one of ${schema.enum.map((v: unknown) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}`);
    if (typeof schema?.minimum === "number" && typeof value === "number" && value < schema.minimum) problems.push(`${path}: must be at least ${schema.minimum}, got ${value}`);
    if (typeof schema?.maximum === "number" && typeof value === "number" && value > schema.maximum) problems.push(`${path}: must be at most ${schema.maximum}, got ${value}`);
    if (typeof schema?.pattern === "string" && typeof value === "string" && !new RegExp(schema.pattern).test(value)) problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    return problems;
}

/** A rule's settings with only its schema defaults and `overrides`: what a test runs a rule with. */
export function ruleSettings(rule: Rule, overrides: Record<string, unknown> = {}, level?: EnforcementLevel): RuleSettings {
    const resolved = resolvePackConfig([{ name: "test", description: "", rules: [rule] }], { [rule.name]: overrides }, "(test)").get(rule.name)!;
    return level ? { ...resolved, enforcementLevel: level } : resolved;
}
