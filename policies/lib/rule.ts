/**
 * How a rule is declared in both packs: one `resourceRule` or `stackRule` per file, carrying
 * its name, description, severity and default enforcement level. Per-stack levels come from
 * `policies/config/<stack>.json` (the file `pulumi preview --policy-pack-config` reads).
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

export type { EnforcementLevel, Severity };

/** Resource inputs as a rule sees them; during a preview some leaves are unknown (see values.ts). */
export type Props = Record<string, any>;

interface RuleInfo {
    /** Unique across both packs: `<pack>-<service>-<file name>`. */
    readonly name: string;
    readonly description: string;
    readonly severity: Severity;
    /** The level when no pack config names one. */
    readonly enforcementLevel: EnforcementLevel;
    /** JSON schema of the rule's settings in the pack config; `default`s fill what a stack leaves out. */
    readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceRuleSpec<C extends object> extends RuleInfo {
    /** Type tokens the rule reads; it is not applicable to any other resource. */
    readonly resourceTypes: readonly string[];
    /** Widens `resourceTypes` for rules that also apply to resources by what they hold. */
    readonly alsoAppliesTo?: (type: string, props: Props) => boolean;
    readonly validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation, config: C) => void | Promise<void>;
}

export interface ResourceRule extends ResourceValidationPolicy {
    readonly resourceTypes: readonly string[];
    readonly severity: Severity;
    readonly enforcementLevel: EnforcementLevel;
}

export interface StackRule extends StackValidationPolicy {
    readonly severity: Severity;
    readonly enforcementLevel: EnforcementLevel;
}

export type Rule = ResourceRule | StackRule;

export function resourceRule<C extends object = Record<string, never>>(spec: ResourceRuleSpec<C>): ResourceRule {
    const { resourceTypes, alsoAppliesTo, validate, ...info } = spec;
    return {
        ...info,
        resourceTypes,
        validateResource: (args, report) => {
            if (!resourceTypes.includes(args.type) && !alsoAppliesTo?.(args.type, args.props)) {
                args.notApplicable(`applies to ${resourceTypes.join(", ")}`);
            }
            return validate(args.props, args, report, withDefaults<C>(info.configSchema, args.getConfig<C>()));
        },
    };
}

export interface StackRuleSpec<C extends object> extends RuleInfo {
    readonly validateStack: (args: StackValidationArgs, report: ReportViolation, config: C) => void | Promise<void>;
}

export function stackRule<C extends object = Record<string, never>>(spec: StackRuleSpec<C>): StackRule {
    const { validateStack, ...info } = spec;
    return { ...info, validateStack: (args, report) => validateStack(args, report, withDefaults<C>(info.configSchema, args.getConfig<C>())) };
}

/**
 * The CLI fills schema defaults into the config it sends, but only when it sends one; a pack
 * run without any config still gets the defaults from here.
 */
function withDefaults<C extends object>(schema: PolicyConfigSchema | undefined, given: C): C {
    const defaults = Object.entries(schema?.properties ?? {})
        .filter(([, prop]) => (prop as { default?: unknown }).default !== undefined)
        .map(([key, prop]) => [key, (prop as { default?: unknown }).default]);
    return { ...Object.fromEntries(defaults), ...given } as C;
}

export function isStackRule(rule: Rule): rule is StackRule {
    return "validateStack" in rule && typeof rule.validateStack === "function";
}

/** A pack as both the Pulumi CLI (index.ts) and the offline check load it. */
export interface RulePack {
    readonly name: string;
    readonly description: string;
    readonly rules: readonly Rule[];
}
