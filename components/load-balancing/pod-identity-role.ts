import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { podIdentityRoleResources } from "../iam/pod-identity-role.js";

export interface PodIdentityRoleArgs {
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
    /** Account and partition of the trust. */
    readonly aws: AwsContext;
    /** Tags for the role and the association. @default {} */
    readonly tags?: Record<string, string>;
}

export const POD_IDENTITY_ROLE_DEFAULTS = { tags: {} as Record<string, string> };

/**
 * The AWS side of a workload in the cluster: an IAM role with its inline policy, assumed
 * through EKS Pod Identity by one service account only. The chart that runs the workload
 * depends on `association`, which waits for the policy: pods started earlier would fail
 * their first AWS calls.
 */
export class PodIdentityRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly association: aws.eks.PodIdentityAssociation;

    constructor(name: string, args: PodIdentityRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:PodIdentityRole", name, {}, opts);
        const { tags } = { ...POD_IDENTITY_ROLE_DEFAULTS, ...args };

        ({ role: this.role, association: this.association } = podIdentityRoleResources(name, { ...args, tags }, this));

        this.registerOutputs({ roleArn: this.role.arn, associationArn: this.association.associationArn });
    }
}
