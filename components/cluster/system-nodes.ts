import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../stacks/schema/cluster.js";
import { AMI_MATRIX } from "../../domain/addon-matrix.js";
import type { KubernetesVersion } from "../../domain/versions.js";
import type { AwsContext } from "../aws-context.js";
import { ec2TrustPolicy, managedPolicyArn, SYSTEM_NODE_POLICIES } from "./iam.js";

/** Label and taint that keep the system node group for Karpenter and core add-ons. */
export const SYSTEM_NODE_LABEL = { key: "platform.eks/node-role", value: "system" } as const;
export const SYSTEM_NODE_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" } as const;

export interface SystemNodeGroupArgs {
    /** The cluster to join. */
    readonly clusterName: pulumi.Input<string>;
    /** Kubernetes version of the nodes (the control plane's); picks the AMI release (AMI_MATRIX). */
    readonly kubernetesVersion: KubernetesVersion;
    /** Size and instance types (`cluster.systemNodes`). */
    readonly config: ClusterConfig["systemNodes"];
    /** Private subnets the nodes run in. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly aws: AwsContext;
    /**
     * What must exist before nodes boot (CNI and other node add-ons, the NAT routes): put on
     * the node group itself so the role and launch template need not wait. @default []
     */
    readonly nodesAfter?: pulumi.Input<pulumi.Resource>[];
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * A small managed node group for Karpenter and the core add-ons, tainted so that workloads
 * land on Karpenter's nodes. AL2023, IMDSv2 only with a hop limit of 1 (pods get AWS
 * credentials from EKS Pod Identity, never from the node's instance profile), encrypted gp3.
 */
export class SystemNodeGroup extends pulumi.ComponentResource {
    readonly nodeGroup: aws.eks.NodeGroup;
    readonly role: aws.iam.Role;

    constructor(name: string, args: SystemNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:SystemNodeGroup", name, {}, opts);
        const tags = args.tags ?? {};

        this.role = new aws.iam.Role(
            `${name}-role`,
            { description: "EKS system node group (Karpenter and core add-ons)", assumeRolePolicy: pulumi.jsonStringify(ec2TrustPolicy()), tags },
            { parent: this },
        );
        const attachments = SYSTEM_NODE_POLICIES.map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-${policy}`,
                    { role: this.role.name, policyArn: managedPolicyArn(args.aws, policy) },
                    { parent: this },
                ),
        );

        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-lt`,
            {
                description: "EKS system nodes: IMDSv2 only, encrypted gp3 root volume",
                updateDefaultVersion: true,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    // 1 keeps containers (one hop away) off the node's credentials.
                    httpPutResponseHopLimit: 1,
                },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: args.config.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                    },
                ],
                tagSpecifications: [
                    { resourceType: "instance", tags: { ...tags, Name: `${name}` } },
                    { resourceType: "volume", tags },
                ],
                tags,
            },
            { parent: this },
        );

        this.nodeGroup = new aws.eks.NodeGroup(
            `${name}-ng`,
            {
                clusterName: args.clusterName,
                version: args.kubernetesVersion,
                // The same AL2023 release as Karpenter's nodes, never whatever is newest on the day.
                releaseVersion: AMI_MATRIX[args.kubernetesVersion].nodeGroupReleaseVersion,
                nodeRoleArn: this.role.arn,
                subnetIds: args.subnetIds,
                // x86_64 only: the config rejects Graviton instance types (stacks/schema/cluster.ts).
                amiType: "AL2023_x86_64_STANDARD",
                capacityType: args.config.capacityType,
                instanceTypes: args.config.instanceTypes,
                scalingConfig: {
                    minSize: args.config.minSize,
                    desiredSize: args.config.desiredSize,
                    maxSize: args.config.maxSize,
                },
                updateConfig: { maxUnavailable: 1 },
                launchTemplate: { id: launchTemplate.id, version: pulumi.interpolate`${launchTemplate.latestVersion}` },
                labels: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
                taints: [{ ...SYSTEM_NODE_TAINT }],
                tags,
            },
            // The role must keep its policies until the nodes are gone, or they cannot drain.
            { parent: this, dependsOn: [...attachments, ...(args.nodesAfter ?? [])] },
        );

        this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName, roleArn: this.role.arn });
    }
}
