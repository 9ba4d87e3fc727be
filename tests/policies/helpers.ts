/**
 * Fixtures for rule tests, after pulumi/compliance-policies: a compliant resource, then one
 * mutated field per violation. Rules run through the same evaluator as the offline check
 * (policies/lib/evaluate.ts), so props sit behind the SDK's unknown-checking proxy.
 */
import type { PolicyProviderResource } from "@pulumi/policy";
import { ruleSettings } from "../../policies/lib/config.js";
import { evaluateResource, evaluateStack, type AnalyzedResource, type Finding } from "../../policies/lib/evaluate.js";
import type { Rule, RulePack } from "../../policies/lib/rule.js";

/** The value the engine sends for an input not known until the update (e.g. a new key's ARN). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const PACK: RulePack = { name: "test-pack", description: "", rules: [] };

export interface FixtureOptions {
    readonly name?: string;
    readonly parent?: string;
    readonly provider?: PolicyProviderResource;
    readonly propertyDependencies?: Record<string, string[]>;
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::eks-platform::${type}::${name}`;
}

/** A resource as the engine would hand it to an analyzer. */
export function fixture(type: string, props: Record<string, unknown>, options: FixtureOptions = {}): AnalyzedResource {
    const name = options.name ?? "subject";
    const propertyDependencies = options.propertyDependencies ?? {};
    return {
        type,
        name,
        urn: urnOf(type, name),
        props,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        ...(options.provider ? { provider: options.provider } : {}),
        ...(options.parent ? { parent: options.parent } : {}),
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
    };
}

/** Findings of one resource rule on one resource, with the rule's defaults plus `config`. */
export async function findings(rule: Rule, type: string, props: Record<string, unknown>, config: Record<string, unknown> = {}, options: FixtureOptions = {}): Promise<Finding[]> {
    return evaluateResource(PACK, rule, ruleSettings(rule, config, "mandatory"), fixture(type, props, options));
}

/** Just the messages. */
export async function violations(rule: Rule, type: string, props: Record<string, unknown>, config: Record<string, unknown> = {}, options: FixtureOptions = {}): Promise<string[]> {
    return (await findings(rule, type, props, config, options)).map((f) => f.message);
}

/** Findings of one stack rule over `resources`. */
export async function stackFindings(rule: Rule, resources: AnalyzedResource[], config: Record<string, unknown> = {}): Promise<Finding[]> {
    return evaluateStack(PACK, rule, ruleSettings(rule, config, "mandatory"), resources);
}

/**
 * A deep copy of `base` with the value at `path` (dots and [i]) replaced; `undefined` removes it.
 * One call per test keeps each violation to a single mutated field.
 */
export function mutate<T extends object>(base: T, path: string, value: unknown): T {
    const copy = structuredClone(base) as Record<string, any>;
    const keys = path.match(/[^.[\]]+/g) ?? [];
    let target: any = copy;
    for (const key of keys.slice(0, -1)) {
        if (target[key] === undefined) target[key] = /^\d+$/.test(key) ? [] : {};
        target = target[key];
    }
    const last = keys[keys.length - 1]!;
    if (value === undefined) {
        if (Array.isArray(target)) target.splice(Number(last), 1);
        else delete target[last];
    } else {
        target[last] = value;
    }
    return copy as T;
}

/** The message the evaluator gives when a rule reads an unknown value during preview. */
export function previewMessage(rule: Rule, path: string, kind = "string"): string {
    return `can't run policy '${rule.name}' from policy pack 'test-pack' during preview: ${kind} value at .${path} can't be known during preview`;
}
