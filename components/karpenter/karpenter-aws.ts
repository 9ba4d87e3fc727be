import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import type { ControllerPlacement } from "../../stacks/schema/karpenter.js";
import { ec2TrustPolicy, irsaTrustPolicy, managedPolicyArn, podIdentityTrustPolicy } from "../cluster/iam.js";
import { KarpenterFargateProfile } from "./fargate-profile.js";
import {
    CONTROLLER_POLICY_NAMES,
    controllerPolicies,
    interruptionQueuePolicy,
    KARPENTER_NODE_POLICIES,
} from "./controller-policies.js";
import { eventPattern, INTERRUPTION_RULES, INTERRUPTION_TARGET_ID } from "./interruption-rules.js";
import {
    DISCOVERY_TAG_KEY,
    interruptionQueueName,
    KARPENTER_NAMESPACE,
    KARPENTER_SERVICE_ACCOUNT,
    nodeRoleName,
} from "./names.js";

/** Upstream keeps interruption messages five minutes: older ones describe instances already gone. */
export const INTERRUPTION_QUEUE_RETENTION_SECONDS = 300;

export interface KarpenterAwsArgs {
    /** The EKS cluster name (plain: it goes into IAM conditions and discovery tags). */
    readonly clusterName: string;
    /** The cluster's name as an output, so access entries and associations wait for the cluster. */
    readonly cluster: pulumi.Input<string>;
    /** The EKS-created cluster security group; Karpenter nodes join it, found by the discovery tag. */
    readonly clusterSecurityGroupId: pulumi.Input<string>;
    readonly aws: AwsContext;
    /** Create the account-wide EC2 Spot service-linked role. @default false */
    readonly createSpotServiceLinkedRole?: boolean;
    /**
     * Where the controller runs. On fargate it gets a Fargate profile and its role through IRSA,
     * since EKS Pod Identity needs its agent DaemonSet and Fargate runs no DaemonSets. @default "system-nodes"
     */
    readonly controllerOn?: ControllerPlacement;
    /** The cluster's IAM OIDC provider (IRSA); required when controllerOn is fargate. */
    readonly oidc?: { readonly providerArn: pulumi.Input<string>; readonly issuerUrl: pulumi.Input<string> };
    /** Private subnets of the Fargate profile; required when controllerOn is fargate. */
    readonly privateSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** The private subnets' NAT routes, which the Fargate pods need to pull images. @default [] */
    readonly egress?: pulumi.Resource[];
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

const DEFAULTS = { createSpotServiceLinkedRole: false, controllerOn: "system-nodes" as ControllerPlacement, tags: {} as Record<string, string> };

/**
 * Karpenter's AWS side: the controller's role (granted through EKS Pod Identity to the chart's
 * service account, or through IRSA when the controller runs on Fargate, with its Fargate profile) with upstream's six policies, the node role and its EC2_LINUX access entry,
 * the interruption queue and the EventBridge rules that feed it, and the discovery tag on the
 * cluster security group. The in-cluster side is `Karpenter`.
 */
export class KarpenterAws extends pulumi.ComponentResource {
    readonly nodeRole: aws.iam.Role;
    /** The node role's name, known before deployment (EC2NodeClass `spec.role`). */
    readonly nodeRoleName: string;
    readonly controllerRole: aws.iam.Role;
    readonly queue: aws.sqs.Queue;
    /** The queue's name, known before deployment (the chart's `settings.interruptionQueue`). */
    readonly queueName: string;
    readonly rules: aws.cloudwatch.EventRule[];
    /** The controller's Fargate profile, when it runs on Fargate. */
    readonly fargateProfile?: KarpenterFargateProfile;
    /** The controller role's policies: a controller using IRSA must not start before them. */
    readonly controllerPolicyAttachments: aws.iam.RolePolicyAttachment[];

    constructor(name: string, args: KarpenterAwsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:karpenter:KarpenterAws", name, {}, opts);
        const { clusterName, createSpotServiceLinkedRole, controllerOn, tags } = { ...DEFAULTS, ...args };
        const parent = { parent: this };
        const onFargate = controllerOn === "fargate";
        if (onFargate && (!args.oidc || !args.privateSubnetIds)) {
            throw new Error("KarpenterAws: a controller on Fargate needs the cluster's OIDC provider (IRSA) and the private subnets");
        }

        this.nodeRoleName = nodeRoleName(clusterName, args.aws.region);
        // Upstream also trusts pods.eks.amazonaws.com here; no pod in this platform uses the node role.
        this.nodeRole = new aws.iam.Role(
            `${name}-node`,
            {
                name: this.nodeRoleName,
                description: `Nodes Karpenter launches for EKS cluster ${clusterName}`,
                assumeRolePolicy: pulumi.jsonStringify(ec2TrustPolicy()),
                tags,
            },
            parent,
        );
        const nodePolicies = KARPENTER_NODE_POLICIES.map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-${policy}`,
                    { role: this.nodeRole.name, policyArn: managedPolicyArn(args.aws, policy) },
                    parent,
                ),
        );
        // Authentication mode API has no aws-auth ConfigMap: this entry is what lets the nodes join.
        new aws.eks.AccessEntry(
            `${name}-node`,
            { clusterName: args.cluster, principalArn: this.nodeRole.arn, type: "EC2_LINUX", tags },
            { parent: this, dependsOn: nodePolicies },
        );

        this.queueName = interruptionQueueName(clusterName);
        this.queue = new aws.sqs.Queue(
            `${name}-interruption`,
            {
                name: this.queueName,
                messageRetentionSeconds: INTERRUPTION_QUEUE_RETENTION_SECONDS,
                sqsManagedSseEnabled: true,
                tags,
            },
            parent,
        );
        new aws.sqs.QueuePolicy(
            `${name}-interruption`,
            { queueUrl: this.queue.url, policy: pulumi.jsonStringify(interruptionQueuePolicy(this.queue.arn)) },
            parent,
        );
        this.rules = INTERRUPTION_RULES.map((rule) => {
            const eventRule = new aws.cloudwatch.EventRule(
                `${name}-${rule.id}`,
                { description: `Karpenter (${clusterName}): ${rule.description}`, eventPattern: JSON.stringify(eventPattern(rule)), tags },
                parent,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-${rule.id}`,
                { rule: eventRule.name, arn: this.queue.arn, targetId: INTERRUPTION_TARGET_ID },
                parent,
            );
            return eventRule;
        });

        this.controllerRole = new aws.iam.Role(
            `${name}-controller`,
            {
                description: `Karpenter controller of EKS cluster ${clusterName} (${onFargate ? "IRSA" : "EKS Pod Identity"}, ${KARPENTER_NAMESPACE}/${KARPENTER_SERVICE_ACCOUNT})`,
                assumeRolePolicy: onFargate
                    ? pulumi.jsonStringify(
                          // The issuer is part of the condition keys, so the document waits for it.
                          pulumi
                              .all([args.oidc!.providerArn, args.oidc!.issuerUrl])
                              .apply(([arn, url]) => irsaTrustPolicy(arn, url, KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT)),
                      )
                    : pulumi.jsonStringify(podIdentityTrustPolicy(args.aws, clusterName, KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT)),
                tags,
            },
            parent,
        );
        const documents = controllerPolicies({ aws: args.aws, clusterName, nodeRoleArn: this.nodeRole.arn, queueArn: this.queue.arn });
        const controllerPolicyAttachments = CONTROLLER_POLICY_NAMES.map((policyName) => {
            const policy = new aws.iam.Policy(
                `${name}-controller-${policyName}`,
                {
                    description: `KarpenterController${policyName}Policy of EKS cluster ${clusterName} (Karpenter 1.14 reference policy)`,
                    policy: pulumi.jsonStringify(documents[policyName]),
                    tags,
                },
                parent,
            );
            return new aws.iam.RolePolicyAttachment(
                `${name}-controller-${policyName}`,
                { role: this.controllerRole.name, policyArn: policy.arn },
                parent,
            );
        });
        if (onFargate) {
            this.fargateProfile = new KarpenterFargateProfile(
                `${name}-fargate`,
                { clusterName, cluster: args.cluster, subnetIds: args.privateSubnetIds!, egress: args.egress ?? [], aws: args.aws, tags },
                parent,
            );
        } else {
            new aws.eks.PodIdentityAssociation(
                `${name}-controller`,
                {
                    clusterName: args.cluster,
                    namespace: KARPENTER_NAMESPACE,
                    serviceAccount: KARPENTER_SERVICE_ACCOUNT,
                    roleArn: this.controllerRole.arn,
                    tags,
                },
                // The controller starts as soon as the association exists; its policies must be there by then.
                { parent: this, dependsOn: controllerPolicyAttachments },
            );
        }
        this.controllerPolicyAttachments = controllerPolicyAttachments;

        // Karpenter's securityGroupSelectorTerms match this tag; the private subnets carry it from Network.
        new aws.ec2.Tag(
            `${name}-cluster-sg-discovery`,
            { resourceId: args.clusterSecurityGroupId, key: DISCOVERY_TAG_KEY, value: clusterName },
            parent,
        );

        if (createSpotServiceLinkedRole) {
            // Account-wide: other clusters' spot launches need it too, so destroying this stack leaves it.
            new aws.iam.ServiceLinkedRole(
                `${name}-spot`,
                { awsServiceName: "spot.amazonaws.com", description: "EC2 Spot (needed once per account to launch spot instances)", tags },
                { parent: this, retainOnDelete: true },
            );
        }

        this.registerOutputs({
            nodeRoleArn: this.nodeRole.arn,
            nodeRoleName: this.nodeRoleName,
            controllerRoleArn: this.controllerRole.arn,
            queueName: this.queueName,
            queueArn: this.queue.arn,
        });
    }
}
