import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { FARGATE_POD_EXECUTION_POLICY, fargatePodExecutionTrustPolicy, managedPolicyArn } from "../cluster/iam.js";
import { KARPENTER_NAMESPACE, KARPENTER_POD_LABELS } from "./names.js";

export interface KarpenterFargateProfileArgs {
    /** The EKS cluster name (plain: it goes into the pod execution role's trust). */
    readonly clusterName: string;
    /** The cluster's name as an output, so the profile waits for the cluster. */
    readonly cluster: pulumi.Input<string>;
    /** Private subnets: Fargate profiles take private subnets only. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly aws: AwsContext;
    /** The private subnets' NAT routes: Fargate pulls the controller image through them. @default [] */
    readonly egress?: pulumi.Resource[];
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * A Fargate profile that runs the Karpenter controller and nothing else: it selects the controller's
 * namespace by the chart's selector labels, so CoreDNS and the other kube-system pods stay on the
 * system nodes. Its pod execution role pulls images only.
 */
export class KarpenterFargateProfile extends pulumi.ComponentResource {
    readonly profile: aws.eks.FargateProfile;
    readonly podExecutionRole: aws.iam.Role;

    constructor(name: string, args: KarpenterFargateProfileArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:karpenter:KarpenterFargateProfile", name, {}, opts);
        const tags = args.tags ?? {};

        this.podExecutionRole = new aws.iam.Role(
            `${name}-pod-execution`,
            {
                description: `Fargate pod execution role of the Karpenter controller (EKS cluster ${args.clusterName})`,
                assumeRolePolicy: pulumi.jsonStringify(fargatePodExecutionTrustPolicy(args.aws, args.clusterName)),
                tags,
            },
            { parent: this },
        );
        const execution = new aws.iam.RolePolicyAttachment(
            `${name}-pod-execution`,
            { role: this.podExecutionRole.name, policyArn: managedPolicyArn(args.aws, FARGATE_POD_EXECUTION_POLICY) },
            { parent: this },
        );

        this.profile = new aws.eks.FargateProfile(
            `${name}-profile`,
            {
                clusterName: args.cluster,
                fargateProfileName: "karpenter",
                podExecutionRoleArn: this.podExecutionRole.arn,
                subnetIds: args.subnetIds,
                selectors: [{ namespace: KARPENTER_NAMESPACE, labels: { ...KARPENTER_POD_LABELS } }],
                tags,
            },
            // Pods scheduled before the role can pull would stay in ImagePullBackOff.
            { parent: this, dependsOn: [execution, ...(args.egress ?? [])] },
        );

        this.registerOutputs({ profileArn: this.profile.arn, podExecutionRoleArn: this.podExecutionRole.arn });
    }
}
