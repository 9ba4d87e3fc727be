/**
 * The offline policy check: feeds every resource the mock engine recorded for a stack to every
 * rule of both CrossGuard packs, with that stack's pack config, as `pulumi preview --policy-pack`
 * would. Used by `npm run policy` and by the offline plan's policy summary.
 */
import type { PolicyProviderResource } from "@pulumi/policy";
import { AWS_PACK } from "../policies/aws/rules/index.js";
import { KUBERNETES_PACK } from "../policies/kubernetes/rules/index.js";
import { resolvePackConfig } from "../policies/lib/config.js";
import { evaluateResource, evaluateStack, type AnalyzedResource, type Finding } from "../policies/lib/evaluate.js";
import { isStackRule, type RulePack } from "../policies/lib/rule.js";
import { PROJECT_DIR, type RecordedResource, type StackRun } from "../engine/engine.js";
import { buildStackPolicyConfig, StackPolicyConfigError } from "../stacks/policy-config.js";

export { PolicyConfigError } from "../policies/lib/config.js";

export type { EnforcementLevel, Severity } from "@pulumi/policy";
/** One violation: the evaluator's finding, which already carries what the plan and CLI print. */
export type { Finding as PolicyViolation } from "../policies/lib/evaluate.js";

export interface PolicyReport {
    readonly stack: string;
    /** Rules evaluated (those the stack's config does not disable). */
    readonly rules: number;
    readonly resourcesChecked: number;
    readonly violations: Finding[];
    /** Count of mandatory violations: any one fails the check. */
    readonly mandatory: number;
    readonly advisory: number;
}

/** Both packs, in the order violations are reported. */
export const PACKS: readonly RulePack[] = [AWS_PACK, KUBERNETES_PACK];

export class PolicyConfigMissingError extends Error {
    override name = "PolicyConfigMissingError";
}

/**
 * The stack's pack config as `npm run policy-config` writes it (tier file, stack overrides,
 * `cluster.admins`), resolved; throws PolicyConfigError listing every problem.
 */
export function loadPolicyConfig(stack: string, values: Readonly<Record<string, string>>, projectDir = PROJECT_DIR) {
    let built;
    try {
        built = buildStackPolicyConfig(projectDir, stack, values);
    } catch (err) {
        if (err instanceof StackPolicyConfigError) throw new PolicyConfigMissingError(err.message);
        throw err;
    }
    return resolvePackConfig(PACKS, built.config, `policy config of stack ${stack} (${built.sources.join(" + ")} + cluster.admins)`);
}

/** Feeds every recorded resource of `run` to every rule of both packs with the stack's pack config. */
export async function checkStackPolicies(run: StackRun, projectDir = PROJECT_DIR): Promise<PolicyReport> {
    const settings = loadPolicyConfig(run.stack, run.config, projectDir);
    const resources = toAnalyzedResources(run);
    const violations: Finding[] = [];
    let rules = 0;
    for (const pack of PACKS) {
        for (const rule of pack.rules) {
            const ruleSettings = settings.get(rule.name)!;
            if (ruleSettings.enforcementLevel === "disabled") continue;
            rules++;
            if (isStackRule(rule)) {
                violations.push(...(await evaluateStack(pack, rule, ruleSettings, resources)));
            } else {
                for (const resource of resources) violations.push(...(await evaluateResource(pack, rule, ruleSettings, resource)));
            }
        }
    }
    return {
        stack: run.stack,
        rules,
        resourcesChecked: resources.length,
        violations,
        mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    };
}

/**
 * The recorded resources as the engine hands them to analyzers: inputs (secrets unwrapped),
 * options, the explicit provider, parent and dependencies. The root stack has no inputs to check.
 */
export function toAnalyzedResources(run: StackRun): AnalyzedResource[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    return run.resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => {
            const provider = providerOf(r, byUrn);
            return {
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: r.plainInputs,
                opts: {
                    protect: r.protect,
                    ignoreChanges: r.ignoreChanges,
                    deleteBeforeReplace: r.deleteBeforeReplace,
                    aliases: [],
                    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                    additionalSecretOutputs: r.additionalSecretOutputs,
                    ...(r.parent ? { parent: r.parent } : {}),
                },
                ...(provider ? { provider } : {}),
                ...(r.parent ? { parent: r.parent } : {}),
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
            };
        });
}

/** A provider reference is `<provider urn>::<provider id>`; both halves may contain `::`. */
function providerOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): PolicyProviderResource | undefined {
    const ref = r.provider;
    if (!ref) return undefined;
    const provider = [...byUrn.values()].find((p) => p.type.startsWith("pulumi:providers:") && ref.startsWith(`${p.urn}::`));
    return provider ? { type: provider.type, props: provider.plainInputs, urn: provider.urn, name: provider.name } : undefined;
}
