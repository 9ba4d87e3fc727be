import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccessConfig } from "../../stacks/schema/access.js";
import type { AwsContext } from "../aws-context.js";
import { accessPolicyArn } from "../cluster/iam.js";
import { accessPolicyFor, accessTable, buildGrants, type AccessGrant, type AccessRow, type ClusterPrincipals } from "./grants.js";
import { IntegrationRole } from "./integration-role.js";

export interface ClusterAccessArgs {
    /** The `access` slice of the stack config. */
    readonly config: AccessConfig;
    /** The cluster: its name from config, and its name and ARN as outputs (they carry the dependency). */
    readonly cluster: { readonly name: string; readonly nameOutput: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
    /** The admins and preview role the cluster gave access entries: listed in `table`, never again here. */
    readonly clusterPrincipals: ClusterPrincipals;
    /** Integration name -> external ID, as Pulumi secrets. */
    readonly integrationExternalIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** Repository ARNs by every name config may use for them (`Registries.repositoryArnsByName`). @default {} */
    readonly repositoryArns?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly aws: AwsContext;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * Access entries for every configured principal and integration, each with the one EKS
 * access policy its level maps to (or the Kubernetes groups it brings), and the IAM roles of
 * third-party integrations.
 */
export class ClusterAccess extends pulumi.ComponentResource {
    /** Every grant this component made, in config order. */
    readonly grants: AccessGrant[];
    /** Who has what, cluster admins and the preview role included. */
    readonly table: AccessRow[];
    /** Integration name -> role ARN. */
    readonly integrationRoleArns: Record<string, pulumi.Output<string>>;
    readonly integrationRoles: Record<string, IntegrationRole>;

    constructor(name: string, args: ClusterAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:access:ClusterAccess", name, {}, opts);
        const { config } = args;
        const tags = args.tags ?? {};

        this.grants = buildGrants(config, args.aws, args.cluster.name);
        const given = [...args.clusterPrincipals.admins, ...(args.clusterPrincipals.previewRoleArn ? [args.clusterPrincipals.previewRoleArn] : [])];
        const clash = this.grants.find((g) => given.includes(g.principalArn));
        if (clash) throw new pulumi.RunError(`${clash.source}: ${clash.principalArn} already has its access entry from cluster.admins or cluster.previewRole; remove this entry`);
        for (const integration of config.integrations) {
            if (!(integration.name in args.integrationExternalIds)) {
                throw new pulumi.RunError(`integrationExternalIds.${integration.name}: integration "${integration.name}" has no external ID`);
            }
        }

        const repositoryArns = args.repositoryArns ?? {};
        this.integrationRoles = {};
        this.integrationRoleArns = {};
        for (const integration of config.integrations) {
            const role = new IntegrationRole(
                `${name}-integration-${integration.name}`,
                {
                    config: integration,
                    clusterName: args.cluster.name,
                    clusterArn: args.cluster.arn,
                    externalId: args.integrationExternalIds[integration.name]!,
                    repositoryArns,
                    aws: args.aws,
                    tags,
                },
                { parent: this },
            );
            this.integrationRoles[integration.name] = role;
            this.integrationRoleArns[integration.name] = role.arn;
        }

        for (const grant of this.grants) {
            // An access entry for a role that does not exist yet fails; the role's ARN output orders them.
            const integration = grant.integration === undefined ? undefined : this.integrationRoles[grant.integration];
            const principalArn = integration ? integration.arn : pulumi.output(grant.principalArn);
            this.entry(name, grant, principalArn, args, tags);
        }

        this.table = accessTable(this.grants, args.clusterPrincipals);
        this.registerOutputs({ integrationRoleArns: this.integrationRoleArns, table: this.table });
    }

    private entry(name: string, grant: AccessGrant, principalArn: pulumi.Output<string>, args: ClusterAccessArgs, tags: Record<string, string>): void {
        const entry = new aws.eks.AccessEntry(
            `${name}-${grant.id}`,
            {
                clusterName: args.cluster.nameOutput,
                principalArn,
                type: "STANDARD",
                kubernetesGroups: grant.groups.length > 0 ? [...grant.groups] : undefined,
                tags,
            },
            { parent: this },
        );
        const policy = accessPolicyFor(grant.level);
        if (!policy) return;
        new aws.eks.AccessPolicyAssociation(
            `${name}-${grant.id}`,
            {
                clusterName: args.cluster.nameOutput,
                principalArn: entry.principalArn,
                policyArn: accessPolicyArn(args.aws, policy),
                accessScope:
                    grant.scope.type === "cluster" ? { type: "cluster" } : { type: "namespace", namespaces: [...grant.scope.namespaces] },
            },
            { parent: this },
        );
    }
}
