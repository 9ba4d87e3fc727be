import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackDeploymentConfig } from "./config.js";
import { deploymentsRoleName } from "../../domain/principals.js";
import { deployRoleTrustPolicy, maxSessionSeconds, PULUMI_OIDC_ISSUER } from "./documents.js";

export interface PulumiDeployRolesArgs {
    /** The Pulumi organization: the tokens' audience. */
    readonly organization: string;
    /** The platform's Pulumi project. */
    readonly project: string;
    /** One deploy role per stack, trusted for the stack's operations only. */
    readonly stacks: readonly StackDeploymentConfig[];
    /** An existing `api.pulumi.com/oidc` provider. @default one is created */
    readonly oidcProviderArn?: string;
    /** AWS managed policy names attached to every deploy role. */
    readonly managedPolicies: readonly string[];
    /** The ARN partition. @default "aws" */
    readonly partition?: string;
    /** Assume-role session length the roles must allow. @default "1h" */
    readonly sessionDuration?: string;
    /** Tags on every AWS resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * The AWS side of Pulumi Deployments: the OIDC identity provider for Pulumi Cloud and, per
 * platform stack, a role that only that stack's deployments can assume.
 */
export class PulumiDeployRoles extends pulumi.ComponentResource {
    readonly oidcProviderArn: pulumi.Output<string>;
    /** Stack name -> deploy role ARN. */
    readonly roleArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: PulumiDeployRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:deployments:PulumiDeployRoles", name, {}, opts);
        const tags = args.tags ?? {};
        const partition = args.partition ?? "aws";

        this.oidcProviderArn = args.oidcProviderArn
            ? pulumi.output(args.oidcProviderArn)
            : new aws.iam.OpenIdConnectProvider(
                  `${name}-pulumi-oidc`,
                  {
                      url: PULUMI_OIDC_ISSUER,
                      // Deployments tokens carry the organization name as their audience.
                      clientIdLists: [args.organization],
                      tags,
                  },
                  { parent: this },
              ).arn;

        this.roleArns = {};
        for (const stack of args.stacks) {
            const role = new aws.iam.Role(
                `${name}-${stack.name}`,
                {
                    // A fixed name: the platform stack lists it in cluster.admins before it exists.
                    name: deploymentsRoleName(stack.name),
                    description: `Pulumi Deployments of ${args.organization}/${args.project}/${stack.name} (${stack.operations.join(", ")})`,
                    assumeRolePolicy: pulumi.jsonStringify(
                        deployRoleTrustPolicy(this.oidcProviderArn, args.organization, args.project, stack.name, stack.operations),
                    ),
                    maxSessionDuration: maxSessionSeconds(args.sessionDuration ?? "1h"),
                    tags: { ...tags, PulumiStack: `${args.organization}/${args.project}/${stack.name}` },
                },
                { parent: this },
            );
            for (const policy of args.managedPolicies) {
                new aws.iam.RolePolicyAttachment(
                    `${name}-${stack.name}-${policy.replace(/[^A-Za-z0-9-]/g, "-")}`,
                    { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` },
                    { parent: this },
                );
            }
            this.roleArns[stack.name] = role.arn;
        }
        this.registerOutputs({ oidcProviderArn: this.oidcProviderArn, roleArns: this.roleArns });
    }
}
