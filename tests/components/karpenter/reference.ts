/**
 * Karpenter's own reference template (reference/cloudformation-v1.14.yaml), read the way
 * CloudFormation would: `!Sub` strings substituted, policy documents parsed.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, type Tags } from "yaml";

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "reference", "cloudformation-v1.14.yaml");

/** CloudFormation's short-form intrinsics, kept as their long forms. */
const INTRINSICS: Tags = [
    { tag: "!Sub", resolve: (value: string) => ({ "Fn::Sub": value }) },
    { tag: "!GetAtt", resolve: (value: string) => ({ "Fn::GetAtt": value }) },
    { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
];

interface Template {
    Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
}

export function referenceTemplate(): Template {
    return parse(readFileSync(FILE, "utf8"), { customTags: INTRINSICS }) as Template;
}

/** `${Name}` substitutions, e.g. `AWS::Region`, `ClusterName`, `KarpenterNodeRole.Arn`. */
export type Substitutions = Record<string, string>;

function substitute(value: unknown, subs: Substitutions): any {
    if (value !== null && typeof value === "object" && "Fn::Sub" in value) {
        const text = (value as { "Fn::Sub": string })["Fn::Sub"];
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            const sub = subs[name];
            if (sub === undefined) throw new Error(`reference template: no substitution for \${${name}}`);
            return sub;
        });
    }
    if (value !== null && typeof value === "object" && "Fn::GetAtt" in value) {
        const target = (value as { "Fn::GetAtt": string })["Fn::GetAtt"];
        const sub = subs[target];
        if (sub === undefined) throw new Error(`reference template: no substitution for !GetAtt ${target}`);
        return sub;
    }
    if (Array.isArray(value)) return value.map((v) => substitute(v, subs));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, subs)]));
    }
    return value;
}

/** The six controller policies by short name (`KarpenterController<Name>Policy-<cluster>`). */
export function referenceControllerPolicies(subs: Substitutions): Record<string, any> {
    const out: Record<string, any> = {};
    for (const resource of Object.values(referenceTemplate().Resources)) {
        if (resource.Type !== "AWS::IAM::ManagedPolicy") continue;
        const name = substitute(resource.Properties["ManagedPolicyName"], subs) as string;
        const short = /^KarpenterController(\w+)Policy-/.exec(name)?.[1];
        if (!short) throw new Error(`unexpected managed policy ${name}`);
        out[short] = JSON.parse(substitute(resource.Properties["PolicyDocument"], subs));
    }
    return out;
}

/** The node role's managed policy names. */
export function referenceNodePolicies(subs: Substitutions): string[] {
    const role = referenceTemplate().Resources["KarpenterNodeRole"]!;
    return (substitute(role.Properties["ManagedPolicyArns"], subs) as string[]).map((arn) => arn.split("/").pop()!);
}

export function referenceQueue(subs: Substitutions): { properties: Record<string, unknown>; policy: any } {
    const resources = referenceTemplate().Resources;
    return {
        properties: substitute(resources["KarpenterInterruptionQueue"]!.Properties, subs),
        policy: substitute(resources["KarpenterInterruptionQueuePolicy"]!.Properties["PolicyDocument"], subs),
    };
}

/** Every EventBridge rule of the template: its pattern and targets. */
export function referenceRules(subs: Substitutions): { pattern: any; targets: any[] }[] {
    return Object.values(referenceTemplate().Resources)
        .filter((r) => r.Type === "AWS::Events::Rule")
        .map((r) => ({ pattern: r.Properties["EventPattern"], targets: substitute(r.Properties["Targets"], subs) }));
}
