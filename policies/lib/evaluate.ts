/**
 * Runs rules the way the policy SDK's analyzer does (`@pulumi/policy` server.js), without the
 * Pulumi CLI: resource rules get one resource's inputs behind the unknown-checking proxy, stack
 * rules get every resource with parent and dependencies resolved to objects. An unknown value
 * read during a preview becomes an advisory "can't run during preview" finding, as in the engine.
 */
import {
    unknownCheckingProxy,
    UnknownValueError,
    type EnforcementLevel,
    type PolicyProviderResource,
    type PolicyResource,
    type PolicyResourceOptions,
    type ReportViolation,
    type ResourceValidationArgs,
    type Severity,
    type StackValidationArgs,
} from "@pulumi/policy";
import { isStackRule, type Rule, type RulePack } from "./rule.js";

/** One resource as the engine hands it to an analyzer. */
export interface AnalyzedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Inputs, secrets unwrapped; unknown leaves hold the SDK's sentinels. */
    readonly props: Record<string, unknown>;
    readonly opts: PolicyResourceOptions;
    readonly provider?: PolicyProviderResource;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface Finding {
    readonly pack: string;
    readonly policy: string;
    readonly severity: Severity;
    readonly enforcementLevel: EnforcementLevel;
    readonly message: string;
    readonly urn?: string;
    readonly resourceType?: string;
    readonly resourceName?: string;
}

/** A rule's effective settings for one stack. */
export interface RuleSettings {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

class NotApplicable extends Error {
    override name = "NotApplicable";
}

/** A rule that threw something other than an unknown-value read: a bug in the rule, reported loudly. */
export class RuleError extends Error {
    override name = "RuleError";
}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

/** `args.isType(aws.s3.Bucket)` compares the class's type token, as the SDK does. */
const typeOf = (resourceClass: unknown): string | undefined => (resourceClass as { __pulumiType?: string } | undefined)?.__pulumiType;

export async function evaluateResource(
    pack: RulePack,
    rule: Rule,
    settings: RuleSettings,
    resource: AnalyzedResource,
): Promise<Finding[]> {
    if (isStackRule(rule) || settings.enforcementLevel === "disabled" || !rule.validateResource) return [];
    const findings: Finding[] = [];
    const level = effectiveLevel(settings.enforcementLevel);
    const report: ReportViolation = (message) => findings.push(finding(pack, rule, level, message, resource));
    const validations = Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource];
    for (const validate of validations) {
        const props = unknownCheckingProxy(plainCopy(resource.props)) as Record<string, any>;
        const args: ResourceValidationArgs = {
            type: resource.type,
            props,
            urn: resource.urn,
            name: resource.name,
            opts: resource.opts,
            stackTags: new Map(),
            isType: (cls) => typeOf(cls) === resource.type,
            asType: ((cls: unknown) => (typeOf(cls) === resource.type ? props : undefined)) as ResourceValidationArgs["asType"],
            getConfig: <T extends object>() => settings.properties as T,
            notApplicable,
        };
        if (resource.provider) args.provider = resource.provider;
        try {
            await validate(args, report);
        } catch (err) {
            const preview = handle(err, pack, rule, resource);
            if (preview) findings.push(preview);
        }
    }
    return findings;
}

export async function evaluateStack(
    pack: RulePack,
    rule: Rule,
    settings: RuleSettings,
    resources: readonly AnalyzedResource[],
): Promise<Finding[]> {
    if (!isStackRule(rule) || settings.enforcementLevel === "disabled") return [];
    const findings: Finding[] = [];
    const level = effectiveLevel(settings.enforcementLevel);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const report: ReportViolation = (message, urn) => {
        const about = urn === undefined ? undefined : byUrn.get(urn);
        findings.push(finding(pack, rule, level, message, about, urn));
    };
    const args: StackValidationArgs = {
        resources: toPolicyResources(resources),
        stackTags: new Map(),
        getConfig: <T extends object>() => settings.properties as T,
        notApplicable,
    };
    try {
        await rule.validateStack(args, report);
    } catch (err) {
        const preview = handle(err, pack, rule, undefined);
        if (preview) findings.push(preview);
    }
    return findings;
}

/** Stack rules see each resource with parent, dependencies and property dependencies as objects. */
export function toPolicyResources(resources: readonly AnalyzedResource[]): PolicyResource[] {
    const out = resources.map((r) => {
        const props = unknownCheckingProxy(plainCopy(r.props)) as Record<string, any>;
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: r.opts,
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => typeOf(cls) === r.type,
            asType: ((cls: unknown) => (typeOf(cls) === r.type ? props : undefined)) as PolicyResource["asType"],
        };
        if (r.provider) resource.provider = r.provider;
        return resource;
    });
    const byUrn = new Map(out.map((r) => [r.urn, r]));
    resources.forEach((r, i) => {
        const resource = out[i]!;
        const parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
        if (parent) resource.parent = parent;
        resource.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            resource.propertyDependencies[key] = urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        }
    });
    return out;
}

/** A fresh copy per rule, so one rule cannot change what the next sees; functions are dropped as the wire drops them. */
function plainCopy<T>(value: T): T {
    if (Array.isArray(value)) return value.map(plainCopy) as T;
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => typeof v !== "function")
                .map(([k, v]) => [k, plainCopy(v)]),
        ) as T;
    }
    return value;
}

/** A rule that fails after remediation is reported as mandatory, as the engine does. */
function effectiveLevel(level: EnforcementLevel): EnforcementLevel {
    return level === "remediate" ? "mandatory" : level;
}

function finding(pack: RulePack, rule: Rule, level: EnforcementLevel, message: string, about?: AnalyzedResource, urn?: string): Finding {
    return {
        pack: pack.name,
        policy: rule.name,
        severity: rule.severity,
        enforcementLevel: level,
        message,
        ...(about ? { urn: about.urn, resourceType: about.type, resourceName: about.name } : urn ? { urn } : {}),
    };
}

function handle(err: unknown, pack: RulePack, rule: Rule, resource: AnalyzedResource | undefined): Finding | undefined {
    if (err instanceof NotApplicable) return undefined;
    if (err instanceof UnknownValueError) {
        return finding(pack, rule, "advisory", `can't run policy '${rule.name}' from policy pack '${pack.name}' during preview: ${(err as Error).message}`, resource);
    }
    const where = resource ? ` on ${resource.type} ${resource.name}` : "";
    throw new RuleError(`policy ${rule.name}${where} failed: ${err instanceof Error ? err.message : String(err)}`);
}
