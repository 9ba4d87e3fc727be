/**
 * Pure pieces of the deployments program: the Pulumi OIDC trust, the paths that trigger a
 * platform deployment, and the policy-pack references. Tested without mocks.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Operation } from "./config.js";

/** The issuer of the tokens Pulumi Deployments hands to a deployment. */
export const PULUMI_OIDC_ISSUER = "https://api.pulumi.com/oidc";
/** The issuer without its scheme: IAM's prefix of the token's condition keys. */
export const PULUMI_OIDC_HOST = "api.pulumi.com/oidc";

/** `sub` of a deployment token: one per operation the role may be assumed for. */
export function deploySubject(organization: string, project: string, stack: string, operation: Operation): string {
    return `pulumi:deploy:org:${organization}:project:${project}:stack:${stack}:operation:${operation}:scope:write`;
}

/**
 * Only deployments of this one stack, for the listed operations, in this organization: the
 * audience is the organization name and the subject names project, stack and operation.
 */
export function deployRoleTrustPolicy(
    providerArn: pulumi.Input<string>,
    organization: string,
    project: string,
    stack: string,
    operations: readonly Operation[],
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${PULUMI_OIDC_HOST}:aud`]: organization,
                        [`${PULUMI_OIDC_HOST}:sub`]: operations.map((op) => deploySubject(organization, project, stack, op)),
                    },
                },
            },
        ],
    };
}

/** `1h30m` -> 5400. */
export function durationSeconds(text: string): number {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (!m) return 0;
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** IAM roles allow sessions of one to twelve hours. */
export function maxSessionSeconds(sessionDuration: string): number {
    return Math.min(43_200, Math.max(3_600, durationSeconds(sessionDuration)));
}

/**
 * Files whose change can change what the platform stack deploys. Tests, tools, policies
 * (enforced from Pulumi Cloud, not from the stack) and other stacks' files deploy nothing.
 */
export function deploymentPaths(repoDir: string, stack: string): string[] {
    const prefix = repoDir === "." || repoDir === "" ? "" : `${repoDir.replace(/\/+$/, "")}/`;
    return ["Pulumi.yaml", `Pulumi.${stack}.yaml`, "index.ts", "components/**", "stacks/*.ts", "stacks/schema/**", "package.json", "package-lock.json"].map(
        (p) => `${prefix}${p}`,
    );
}

export interface PolicyPackSource {
    /** The pack's name as published (`pulumi policy publish`). */
    readonly name: string;
    /** The published version tag (the pack's package.json version). */
    readonly version: string;
}

export interface PolicyPackReference {
    readonly name: string;
    readonly versionTag: string;
    readonly config: Record<string, unknown>;
}

/**
 * The packs a stack's policy group applies, each with that stack's policy config. The config
 * file may hold one object for every pack, or one per pack keyed by pack name.
 */
export function policyPackReferences(packs: readonly PolicyPackSource[], stackPolicyConfig: Record<string, unknown> | undefined): PolicyPackReference[] {
    const perPack = stackPolicyConfig !== undefined && packs.some((p) => p.name in stackPolicyConfig);
    return packs.map((p) => ({
        name: p.name,
        versionTag: p.version,
        // Without a config file every policy enforces at its own default level.
        config: (perPack ? (stackPolicyConfig?.[p.name] as Record<string, unknown> | undefined) : stackPolicyConfig) ?? {},
    }));
}
