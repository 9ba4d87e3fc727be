import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { integrationRoleName, type IntegrationConfig } from "../../stacks/schema/access.js";
import type { AwsContext } from "../aws-context.js";
import { integrationPolicy, integrationTrustPolicy, sesIdentityArn } from "./integration-policy.js";
import { scopedRoleArgs } from "../iam/scope.js";

export interface IntegrationRoleArgs {
    /** One entry of `access.integrations`. */
    readonly config: IntegrationConfig;
    /** The cluster's name: part of the role name. */
    readonly clusterName: string;
    /** The cluster's ARN, the only resource `eks:DescribeCluster` is granted on. */
    readonly clusterArn: pulumi.Input<string>;
    /** The vendor's external ID, as a Pulumi secret. */
    readonly externalId: pulumi.Output<string>;
    /** Repository ARNs by every name config may use for them (see `knownRepositories`). */
    readonly repositoryArns: Readonly<Record<string, pulumi.Input<string>>>;
    readonly aws: AwsContext;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * The IAM role a third party assumes from its own account with the external ID it issued
 * us, allowed only what its config lists, each on this stack's resources.
 */
export class IntegrationRole extends pulumi.ComponentResource {
    readonly roleName: string;
    readonly arn: pulumi.Output<string>;
    readonly role: aws.iam.Role;

    constructor(name: string, args: IntegrationRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:access:IntegrationRole", name, {}, opts);
        const { config } = args;
        const tags = args.tags ?? {};
        const caps = config.capabilities;
        const arnsOf = (repos: readonly string[]) =>
            repos.map((repo) => {
                const arn = args.repositoryArns[repo];
                if (arn === undefined) throw new pulumi.RunError(`access.integrations ${config.name}: "${repo}" is not a repository of this stack`);
                return arn;
            });

        this.roleName = integrationRoleName(args.clusterName, config.name);
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                ...scopedRoleArgs(args.aws),
                name: this.roleName,
                description: `Third-party integration ${config.name} (account ${config.trustedAccountId}) for EKS cluster ${args.clusterName}`,
                // The trust policy carries the external ID; jsonStringify keeps it secret in state and plans.
                assumeRolePolicy: pulumi.jsonStringify(integrationTrustPolicy(args.aws, config.trustedAccountId, args.externalId)),
                maxSessionDuration: 3600,
                tags: { ...tags, Integration: config.name },
            },
            { parent: this },
        );

        const policy = integrationPolicy({
            pullRepositoryArns: arnsOf(caps.ecrPull),
            pushRepositoryArns: arnsOf(caps.ecrPush),
            describeClusterArn: caps.describeCluster ? args.clusterArn : undefined,
            sesIdentityArns: caps.sesSendFrom.map((identity) => sesIdentityArn(args.aws, identity)),
            bearerTokenServices: caps.bearerTokenServices,
        });
        if (policy) {
            new aws.iam.RolePolicy(`${name}-permissions`, { role: this.role.name, policy: pulumi.jsonStringify(policy) }, { parent: this });
        }

        this.arn = this.role.arn;
        this.registerOutputs({ roleName: this.roleName, arn: this.arn });
    }
}
