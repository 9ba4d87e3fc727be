import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";

/**
 * The Karpenter controller's IAM permissions, statement for statement as Karpenter 1.14 documents
 * them (getting-started `cloudformation.yaml`, v1.14): six managed policies, each scoped the same
 * way upstream scopes it. Launches, tags and deletions are allowed only on resources tagged for
 * this cluster (`kubernetes.io/cluster/<name>: owned`) and a NodePool; instance profiles only
 * when tagged for this cluster, region and an EC2NodeClass.
 */
export interface ControllerPolicyInputs {
    readonly aws: AwsContext;
    readonly clusterName: string;
    /** The node role Karpenter passes to the instances it launches. */
    readonly nodeRoleArn: pulumi.Input<string>;
    /** The interruption queue's ARN. */
    readonly queueArn: pulumi.Input<string>;
}

/** Upstream's policy names (without the `KarpenterController` prefix and cluster suffix). */
export const CONTROLLER_POLICY_NAMES = [
    "NodeLifecycle",
    "IAMIntegration",
    "EKSIntegration",
    "Interruption",
    "ZonalShift",
    "ResourceDiscovery",
] as const;
export type ControllerPolicyName = (typeof CONTROLLER_POLICY_NAMES)[number];

/** Every controller policy document, by upstream name. */
export function controllerPolicies(inputs: ControllerPolicyInputs): Record<ControllerPolicyName, aws.iam.PolicyDocument> {
    return {
        NodeLifecycle: nodeLifecyclePolicy(inputs),
        IAMIntegration: iamIntegrationPolicy(inputs),
        EKSIntegration: eksIntegrationPolicy(inputs),
        Interruption: interruptionPolicy(inputs),
        ZonalShift: zonalShiftPolicy(inputs),
        ResourceDiscovery: resourceDiscoveryPolicy(inputs),
    };
}

const ec2Arn = (ctx: AwsContext, resource: string) => `arn:${ctx.partition}:ec2:${ctx.region}:*:${resource}/*`;
const clusterArn = (ctx: AwsContext, clusterName: string) =>
    `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${clusterName}`;
const instanceProfileArn = (ctx: AwsContext) => `arn:${ctx.partition}:iam::${ctx.accountId}:instance-profile/*`;
const owned = (clusterName: string) => `kubernetes.io/cluster/${clusterName}`;

/** What Karpenter tags its launches with (fleet, instances, volumes, ENIs, launch templates, spot requests). */
function launchedResources(ctx: AwsContext): string[] {
    return ["fleet", "instance", "volume", "network-interface", "launch-template", "spot-instances-request"].map((r) => ec2Arn(ctx, r));
}

function nodeLifecyclePolicy({ aws: ctx, clusterName }: ControllerPolicyInputs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                // Images and snapshots are owned by other accounts (AWS), so their ARNs have no account.
                Resource: [
                    `arn:${ctx.partition}:ec2:${ctx.region}::image/*`,
                    `arn:${ctx.partition}:ec2:${ctx.region}::snapshot/*`,
                    ec2Arn(ctx, "security-group"),
                    ec2Arn(ctx, "subnet"),
                    ec2Arn(ctx, "capacity-reservation"),
                    ec2Arn(ctx, "placement-group"),
                ],
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Resource: ec2Arn(ctx, "launch-template"),
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned(clusterName)}`]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Resource: launchedResources(ctx),
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Condition: {
                    StringEquals: {
                        [`aws:RequestTag/${owned(clusterName)}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": clusterName,
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Resource: launchedResources(ctx),
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: {
                        [`aws:RequestTag/${owned(clusterName)}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": clusterName,
                        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Resource: ec2Arn(ctx, "instance"),
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned(clusterName)}`]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": clusterName },
                    "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Resource: [ec2Arn(ctx, "instance"), ec2Arn(ctx, "launch-template")],
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Condition: {
                    StringEquals: { [`aws:ResourceTag/${owned(clusterName)}`]: "owned" },
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
        ],
    };
}

function iamIntegrationPolicy({ aws: ctx, clusterName, nodeRoleArn }: ControllerPolicyInputs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: nodeRoleArn,
                Action: "iam:PassRole",
                Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
            },
            {
                Sid: "AllowScopedInstanceProfileCreationActions",
                Effect: "Allow",
                Resource: instanceProfileArn(ctx),
                Action: ["iam:CreateInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [`aws:RequestTag/${owned(clusterName)}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": clusterName,
                        "aws:RequestTag/topology.kubernetes.io/region": ctx.region,
                    },
                    StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Resource: instanceProfileArn(ctx),
                Action: ["iam:TagInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${owned(clusterName)}`]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": ctx.region,
                        [`aws:RequestTag/${owned(clusterName)}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": clusterName,
                        "aws:RequestTag/topology.kubernetes.io/region": ctx.region,
                    },
                    StringLike: {
                        "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
                        "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
                    },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileActions",
                Effect: "Allow",
                Resource: instanceProfileArn(ctx),
                Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/${owned(clusterName)}`]: "owned",
                        "aws:ResourceTag/topology.kubernetes.io/region": ctx.region,
                    },
                    StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
        ],
    };
}

function eksIntegrationPolicy({ aws: ctx, clusterName }: ControllerPolicyInputs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowAPIServerEndpointDiscovery",
                Effect: "Allow",
                Resource: clusterArn(ctx, clusterName),
                Action: "eks:DescribeCluster",
            },
        ],
    };
}

function interruptionPolicy({ queueArn }: ControllerPolicyInputs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowInterruptionQueueActions",
                Effect: "Allow",
                Resource: queueArn,
                Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            },
        ],
    };
}

/** Only read when `settings.enableZonalShift` is on; upstream grants it regardless, so a switch needs no IAM change. */
function zonalShiftPolicy({ aws: ctx, clusterName }: ControllerPolicyInputs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowZonalShiftStatusReadOnly",
                Effect: "Allow",
                Resource: "*",
                Action: ["arc-zonal-shift:GetManagedResource"],
                Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn(ctx, clusterName) } },
            },
        ],
    };
}

function resourceDiscoveryPolicy({ aws: ctx }: ControllerPolicyInputs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                // Describe calls cannot be scoped to resources; the region condition is the scope.
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": ctx.region } },
            },
            {
                Sid: "AllowSSMReadActions",
                Effect: "Allow",
                Resource: `arn:${ctx.partition}:ssm:${ctx.region}::parameter/aws/service/*`,
                Action: "ssm:GetParameter",
            },
            {
                Sid: "AllowPricingReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: "pricing:GetProducts",
            },
            {
                Sid: "AllowUnscopedInstanceProfileListAction",
                Effect: "Allow",
                Resource: "*",
                Action: "iam:ListInstanceProfiles",
            },
            {
                Sid: "AllowInstanceProfileReadActions",
                Effect: "Allow",
                Resource: instanceProfileArn(ctx),
                Action: "iam:GetInstanceProfile",
            },
        ],
    };
}

/**
 * The interruption queue's policy. Upstream lets `events.amazonaws.com` and `sqs.amazonaws.com`
 * send with no condition, so any EventBridge rule in any account could feed Karpenter forged
 * interruptions (and make it drain nodes). Here only this program's own rules may send
 * (`aws:SourceArn`, as the SQS and EventBridge docs recommend against the confused deputy);
 * `sqs.amazonaws.com` is dropped, nothing of Karpenter's sends through it. Nothing may use the
 * queue over plain HTTP.
 */
export function interruptionQueuePolicy(queueArn: pulumi.Input<string>, ruleArns: pulumi.Input<string>[]): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            {
                Sid: "OwnInterruptionRulesOnly",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
            },
            {
                Sid: "DenyHTTP",
                Effect: "Deny",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
                Principal: "*",
            },
        ],
    };
}

/**
 * Managed policies of the Karpenter node role: Karpenter 1.14's reference template's, less
 * AmazonEKS_CNI_Policy, which the VPC CNI gets through its own Pod Identity role here.
 * `AmazonEC2ContainerRegistryPullOnly` lets the kubelet pull images and nothing more; ReadOnly would
 * also let anything on the node list and describe every repository and read its policy.
 */
export const KARPENTER_NODE_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonSSMManagedInstanceCore",
] as const;
