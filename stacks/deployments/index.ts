/**
 * Composition root of the deployments program: parse config, read the policy packs'
 * versions and each stack's policy config from the repository, then build the AWS roles
 * and each stack's Pulumi Deployments setup.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseDeploymentsConfig } from "./config.js";
import { PulumiDeployRoles } from "./deploy-roles.js";
import { policyPackReferences, type PolicyPackSource } from "./documents.js";
import { StackDeployment } from "./stack-deployment.js";
import { buildStackPolicyConfig, listsDeploymentsRole, readStackValues, StackPolicyConfigError } from "../policy-config.js";
import { deploymentsRoleRef } from "../../domain/principals.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** This project's CrossGuard packs: published name and where their package.json lives. */
export const POLICY_PACKS = [
    { name: "eks-platform-aws", dir: "policies/aws" },
    { name: "eks-platform-kubernetes", dir: "policies/kubernetes" },
] as const;

function readJson(file: string): Record<string, unknown> | undefined {
    if (!fs.existsSync(file)) return undefined;
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
        throw new pulumi.RunError(`${path.relative(REPO_ROOT, file)} is not valid JSON: ${(err as Error).message}`);
    }
}

/** A platform stack's pack config; a stack without a Pulumi.<stack>.yaml or a tier is a config error. */
function stackPolicyConfig(stack: string): Record<string, unknown> {
    try {
        const built = buildStackPolicyConfig(REPO_ROOT, stack, readStackValues(REPO_ROOT, stack));
        // The stack's deployments run as its deploy role; the program refuses an update by anyone not in cluster.admins.
        if (!listsDeploymentsRole(built.admins, stack)) {
            throw new pulumi.RunError(
                `stacks.${stack}: cluster.admins in Pulumi.${stack}.yaml does not list ${deploymentsRoleRef(stack)}, so its deployments would be refused; add it there`,
            );
        }
        return built.config;
    } catch (err) {
        if (err instanceof StackPolicyConfigError) throw new pulumi.RunError(`stacks.${stack}: ${err.message}`);
        throw err;
    }
}

export default async function main() {
    const config = parseDeploymentsConfig(pulumi.runtime.allConfig());
    const [{ partition }, { accountId }] = await Promise.all([aws.getPartition(), aws.getCallerIdentity()]);
    const tags = { Project: pulumi.getProject(), Stack: pulumi.getStack(), ManagedBy: "pulumi" };

    const packs: PolicyPackSource[] = POLICY_PACKS.map((p) => ({
        name: p.name,
        version: String(readJson(path.join(REPO_ROOT, p.dir, "package.json"))?.["version"] ?? "latest"),
    }));

    const roles = new PulumiDeployRoles("deploy", {
        organization: config.organization,
        project: config.platformProject,
        stacks: config.stacks,
        managedPolicies: config.deployRoleManagedPolicies,
        accountId,
        partition,
        sessionDuration: config.sessionDuration,
        tags,
        ...(config.oidcProviderArn ? { oidcProviderArn: config.oidcProviderArn } : {}),
    });

    for (const stack of config.stacks) {
        new StackDeployment(stack.name, {
            organization: config.organization,
            project: config.platformProject,
            stack,
            repository: config.repository,
            branch: config.branch,
            repoDir: config.repoDir,
            roleArn: roles.roleArns[stack.name]!,
            sessionDuration: config.sessionDuration,
            // The same config `npm run policy-config` writes: tier file, stack overrides, cluster.admins.
            policyPacks: policyPackReferences(packs, stackPolicyConfig(stack.name)),
        });
    }

    return {
        oidcProviderArn: roles.oidcProviderArn,
        deployRoleArns: roles.roleArns,
        permissionsBoundaryArns: roles.boundaryArns,
        stacks: Object.fromEntries(config.stacks.map((s) => [s.name, { trigger: s.trigger, driftSchedule: s.driftSchedule }])),
    };
}
