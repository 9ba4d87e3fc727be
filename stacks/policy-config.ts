/**
 * A stack's CrossGuard pack config, built rather than hand-kept per stack: the tier's file
 * (`policies/config/<tier>.json`), then the stack's own overrides when it has any
 * (`policies/config/stacks/<stack>.json`), then the cluster admins from the stack config
 * (`cluster.admins`, tier default when unset) as the admin allowlist. The offline policy check,
 * `npm run policy-config` (the file `pulumi preview --policy-pack-config` takes) and the policy
 * group of `stacks/deployments` all build it here, so the admin list has one source.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { TIERS, type Tier } from "./schema/common.js";
import { tierDefaults } from "./defaults.js";
import { deploymentsRoleRef, IAM_PRINCIPAL_ARN } from "../domain/principals.js";

/** The config namespace of the platform project (stacks/config.ts re-exports the same value). */
const NAMESPACE = "eks-platform";
/** The rule whose allowlist comes from `cluster.admins`. */
export const ADMIN_ALLOWLIST_RULE = "aws-eks-cluster-admin-allowlist";

export class StackPolicyConfigError extends Error {
    override name = "StackPolicyConfigError";
}

export interface StackPolicyConfig {
    /** What `--policy-pack-config` takes: `{ "all": ..., "<rule>": level | { enforcementLevel?, ...settings } }`. */
    readonly config: Record<string, unknown>;
    /** The files it was built from, relative to the project. */
    readonly sources: string[];
    readonly tier: Tier;
    /** `cluster.admins` as written: the allowlist. */
    readonly admins: string[];
}

/** The tier's file; a stack's own overrides. */
export function tierPolicyFile(tier: Tier): string {
    return path.join("policies", "config", `${tier}.json`);
}
export function stackPolicyOverrideFile(stack: string): string {
    return path.join("policies", "config", "stacks", `${stack}.json`);
}

/**
 * Builds the pack config of `stack` from its raw config values (`namespace:key` -> string,
 * objects JSON-encoded, as Pulumi hands them to a program).
 */
export function buildStackPolicyConfig(projectDir: string, stack: string, values: Readonly<Record<string, string>>): StackPolicyConfig {
    const tier = values[`${NAMESPACE}:tier`];
    if (!(TIERS as readonly string[]).includes(tier ?? "")) {
        throw new StackPolicyConfigError(`stack ${stack}: ${NAMESPACE}:tier must be one of ${TIERS.join(", ")} to pick its policy config, got ${JSON.stringify(tier)}`);
    }
    const cluster = decode(values[`${NAMESPACE}:cluster`]) as { admins?: unknown } | undefined;
    const admins = cluster?.admins ?? tierDefaults(tier as Tier, stack).cluster.admins;
    if (!Array.isArray(admins) || admins.length === 0 || admins.some((a) => typeof a !== "string")) {
        throw new StackPolicyConfigError(`stack ${stack}: cluster.admins must be a list of IAM ARNs or role/<name> references`);
    }

    const sources = [tierPolicyFile(tier as Tier)];
    const config = readJson(projectDir, sources[0]!, true)!;
    const overrideFile = stackPolicyOverrideFile(stack);
    const override = readJson(projectDir, overrideFile, false);
    if (override) {
        sources.push(overrideFile);
        for (const [rule, value] of Object.entries(override)) {
            const base = config[rule];
            config[rule] = isObject(base) && isObject(value) ? { ...base, ...value } : isObject(base) && typeof value === "string" ? { ...base, enforcementLevel: value } : value;
        }
    }
    for (const file of sources) {
        const entry = readJson(projectDir, file, false)?.[ADMIN_ALLOWLIST_RULE];
        if (isObject(entry) && "clusterAdminPrincipals" in entry) {
            throw new StackPolicyConfigError(`${file}: ${ADMIN_ALLOWLIST_RULE}.clusterAdminPrincipals comes from cluster.admins in Pulumi.${stack}.yaml; remove it here`);
        }
    }
    const allowlist = config[ADMIN_ALLOWLIST_RULE];
    config[ADMIN_ALLOWLIST_RULE] = {
        ...(typeof allowlist === "string" ? { enforcementLevel: allowlist } : isObject(allowlist) ? allowlist : {}),
        clusterAdminPrincipals: [...(admins as string[])],
    };
    return { config, sources, tier: tier as Tier, admins: [...(admins as string[])] };
}

/** True when `admins` names the stack's Pulumi Deployments role, relative to the account or as a full ARN. */
export function listsDeploymentsRole(admins: readonly string[], stack: string): boolean {
    const role = deploymentsRoleRef(stack);
    return admins.some((admin) => admin === role || IAM_PRINCIPAL_ARN.test(admin) && admin.endsWith(`:${role}`));
}

/** The plain (non-secret) values of `Pulumi.<stack>.yaml`, as Pulumi would hand them to the program. */
export function readStackValues(projectDir: string, stack: string): Record<string, string> {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new StackPolicyConfigError(`there is no Pulumi.${stack}.yaml`);
    const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        const full = key.includes(":") ? key : `${NAMESPACE}:${key}`;
        values[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return values;
}

function decode(text: string | undefined): unknown {
    if (text === undefined) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readJson(projectDir: string, file: string, required: boolean): Record<string, unknown> | undefined {
    const full = path.join(projectDir, file);
    if (!fs.existsSync(full)) {
        if (required) throw new StackPolicyConfigError(`${file} does not exist: every tier needs a policy config`);
        return undefined;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(full, "utf8"));
    } catch (err) {
        throw new StackPolicyConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!isObject(parsed)) throw new StackPolicyConfigError(`${file} must be a JSON object of rule names`);
    return parsed;
}
