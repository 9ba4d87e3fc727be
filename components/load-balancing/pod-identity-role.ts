import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityRoleResources, type PodIdentityRoleResourcesArgs } from "../iam/pod-identity-role.js";

/** The shared role's arguments; its inline policy is `<name>-policy`. */
export interface PodIdentityRoleArgs extends Omit<PodIdentityRoleResourcesArgs, "policyName" | "tags"> {
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
