import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import type { AddonSpec } from "./addon-specs.js";
import { managedPolicyArn, podIdentityTrustPolicy } from "./iam.js";

export interface ClusterAddonsArgs {
    /** The cluster name (known before the cluster exists, so trust policies need no output). */
    readonly clusterName: string;
    /** The live cluster's name output, so add-ons wait for the control plane. */
    readonly cluster: pulumi.Input<string>;
    /** The add-ons to install, from `addonSpecs()`. */
    readonly specs: readonly AddonSpec[];
    readonly aws: AwsContext;
    /** What the add-ons must wait for (the system node group, for Deployments). @default [] */
    readonly addonsAfter?: pulumi.Input<pulumi.Resource>[];
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/** EKS managed add-ons at pinned versions, with IAM through EKS Pod Identity where they need AWS access. */
export class ClusterAddons extends pulumi.ComponentResource {
    readonly addons: Record<string, aws.eks.Addon> = {};

    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ClusterAddons", name, {}, opts);
        const tags = args.tags ?? {};

        for (const spec of args.specs) {
            let podIdentityAssociations: aws.types.input.eks.AddonPodIdentityAssociation[] | undefined;
            const dependsOn: pulumi.Input<pulumi.Resource>[] = [...(args.addonsAfter ?? [])];
            if (spec.podIdentity) {
                const role = new aws.iam.Role(
                    `${name}-${spec.name}`,
                    {
                        description: `EKS add-on ${spec.name} (${spec.podIdentity.serviceAccount}) through Pod Identity`,
                        assumeRolePolicy: pulumi.jsonStringify(
                            podIdentityTrustPolicy(args.aws, args.clusterName, spec.podIdentity.namespace ?? "kube-system", spec.podIdentity.serviceAccount),
                        ),
                        tags,
                    },
                    { parent: this },
                );
                const attachment = new aws.iam.RolePolicyAttachment(
                    `${name}-${spec.name}`,
                    { role: role.name, policyArn: managedPolicyArn(args.aws, spec.podIdentity.managedPolicy) },
                    { parent: this },
                );
                podIdentityAssociations = [{ roleArn: role.arn, serviceAccount: spec.podIdentity.serviceAccount }];
                // The controller starts as soon as the add-on is created: its policy must already be attached.
                dependsOn.push(attachment);
            }
            this.addons[spec.name] = new aws.eks.Addon(
                `${name}-${spec.name}`,
                {
                    clusterName: args.cluster,
                    addonName: spec.name,
                    addonVersion: spec.version,
                    // The add-on owns its objects; the program's config wins over edits made in the cluster.
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                    configurationValues: spec.configuration ? pulumi.jsonStringify(spec.configuration) : undefined,
                    podIdentityAssociations,
                    tags,
                },
                { parent: this, dependsOn },
            );
        }
        this.registerOutputs({ addons: Object.keys(this.addons) });
    }
}
