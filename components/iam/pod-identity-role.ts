import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { podIdentityTrustPolicy } from "../cluster/iam.js";
import { scopedRoleArgs } from "./scope.js";

export interface PodIdentityRoleResourcesArgs {
    /** The EKS cluster name: the trust's session tag and the association's cluster. */
    readonly clusterName: string;
    /** Any output of the created cluster, so the association waits for it. */
    readonly clusterReady: pulumi.Input<string>;
    /** The one service account that may assume the role. */
    readonly namespace: string;
    readonly serviceAccount: string;
    /** What the role is for, e.g. "AWS Load Balancer Controller of EKS cluster eks-prod". */
    readonly description: string;
    /** The role's permissions, inline. */
    readonly policy: aws.iam.PolicyDocument;
    /** The inline policy's resource name is `<name>-<policyName>`. @default "policy" */
    readonly policyName?: string;
    /** Account and partition of the trust. */
    readonly aws: AwsContext;
    /** Tags for the role and the association. */
    readonly tags: Record<string, string>;
}

/** The role and the association a workload's component exposes. */
export interface PodIdentityRoleResources {
    readonly role: aws.iam.Role;
    readonly association: aws.eks.PodIdentityAssociation;
}

/**
 * The AWS side of a workload in the cluster, created as children of the calling component
 * (`<name>-role`, `<name>-<policyName>`, `<name>-association`): an IAM role with its inline
 * policy, assumed through EKS Pod Identity by one service account only. The association waits
 * for the policy: credentials are injected when a pod starts, and pods started earlier would
 * fail their first AWS calls. The chart that runs the workload depends on the association.
 */
export function podIdentityRoleResources(name: string, args: PodIdentityRoleResourcesArgs, parent: pulumi.Resource): PodIdentityRoleResources {
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            ...scopedRoleArgs(args.aws),
            description: args.description,
            assumeRolePolicy: pulumi.jsonStringify(podIdentityTrustPolicy(args.aws, args.clusterName, args.namespace, args.serviceAccount)),
            tags: args.tags,
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-${args.policyName ?? "policy"}`,
        { role: role.name, policy: pulumi.jsonStringify(args.policy) },
        { parent },
    );
    const association = new aws.eks.PodIdentityAssociation(
        `${name}-association`,
        {
            clusterName: pulumi.output(args.clusterReady).apply(() => args.clusterName),
            namespace: args.namespace,
            serviceAccount: args.serviceAccount,
            roleArn: role.arn,
            tags: args.tags,
        },
        { parent, dependsOn: [policy] },
    );
    return { role, association };
}
