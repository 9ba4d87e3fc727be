import { EC2NodeClass } from "@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass";
import { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import * as pulumi from "@pulumi/pulumi";
import type { NodePoolConfig } from "../../stacks/schema/karpenter.js";
import { DISCOVERY_TAG_KEY } from "./names.js";
import { describeNodePoolError } from "./node-pool-paths.js";

/** The one EC2NodeClass every NodePool uses. */
export const NODE_CLASS_NAME = "default";

export interface NodeClassInputs {
    readonly clusterName: string;
    /** The node role's name; Karpenter creates and manages the instance profile for it. */
    readonly role: string;
    /** `al2023@<release>`, pinned in versions.ts. */
    readonly amiAlias: string;
    readonly volumeSizeGiB: number;
    /** Tags for the instances, volumes and launch templates Karpenter creates. */
    readonly tags: Record<string, string>;
}

/**
 * Tag keys Karpenter sets itself and its CRD rejects in `spec.tags` (EC2NodeClass CEL rules):
 * a stack tag with one of these would make the object invalid, so such keys are left to Karpenter.
 */
const KARPENTER_OWNED_TAG = /^(eks:eks-cluster-name|kubernetes\.io\/cluster.*|karpenter\.sh\/nodepool|karpenter\.sh\/nodeclaim|karpenter\.k8s\.aws\/ec2nodeclass)$/;

/**
 * The EC2NodeClass: AL2023 at a pinned release, the private subnets and the cluster security group
 * by discovery tag, IMDSv2 only with a hop limit of 1 (pods get AWS credentials from EKS Pod Identity,
 * never from the node's role), an encrypted gp3 root volume.
 *
 * `kubelet.clusterDNS` is deliberately left at the kube-dns Service IP. NodeLocal DNSCache runs in
 * its default iptables mode here (kube-proxy's default on EKS): it binds both its link-local
 * address and the kube-dns IP on every node, so pods that ask kube-dns are already answered by the
 * node's cache. Pointing kubelet at 169.254.20.10 is only needed in IPVS mode, and it would cut DNS
 * on a node whenever its cache pod is not running (at node start, during a cache upgrade), where
 * the kube-dns IP falls back to CoreDNS.
 */
export function buildEc2NodeClass(inputs: NodeClassInputs): EC2NodeClass {
    const discovery = [{ tags: { [DISCOVERY_TAG_KEY]: inputs.clusterName } }];
    const tags = Object.fromEntries(Object.entries(inputs.tags).filter(([key]) => !KARPENTER_OWNED_TAG.test(key)));
    const nodeClass = new EC2NodeClass({
        metadata: { name: NODE_CLASS_NAME },
        spec: {
            role: inputs.role,
            amiSelectorTerms: [{ alias: inputs.amiAlias }],
            subnetSelectorTerms: discovery,
            securityGroupSelectorTerms: discovery,
            metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    rootVolume: true,
                    ebs: { volumeSize: `${inputs.volumeSizeGiB}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
                },
            ],
            tags: { ...tags, Name: `${inputs.clusterName}-karpenter` },
        },
    });
    nodeClass.validate();
    return nodeClass;
}

/** Well-known requirement keys (Karpenter and Kubernetes labels). */
export const REQUIREMENT_KEYS = {
    capacityType: "karpenter.sh/capacity-type",
    instanceCategory: "karpenter.k8s.aws/instance-category",
    instanceGeneration: "karpenter.k8s.aws/instance-generation",
    arch: "kubernetes.io/arch",
    os: "kubernetes.io/os",
} as const;

/** A NodePool from its config row, validated against the Karpenter v1 schema. */
export function buildNodePool(name: string, config: NodePoolConfig): NodePool {
    const pool = new NodePool({
        metadata: { name },
        spec: {
            weight: config.weight,
            template: {
                ...(config.labels ? { metadata: { labels: { ...config.labels } } } : {}),
                spec: {
                    ...(config.taints ? { taints: config.taints.map((t) => ({ ...t })) } : {}),
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: NODE_CLASS_NAME },
                    requirements: [
                        { key: REQUIREMENT_KEYS.capacityType, operator: "In", values: [...config.capacityTypes] },
                        { key: REQUIREMENT_KEYS.instanceCategory, operator: "In", values: [...config.instanceCategories] },
                        // Gt is exclusive; Gte exists only in Karpenter 1.14's CRD, not in the models package.
                        { key: REQUIREMENT_KEYS.instanceGeneration, operator: "Gt", values: [String(config.minGeneration - 1)] },
                        { key: REQUIREMENT_KEYS.arch, operator: "In", values: [...config.architectures] },
                        { key: REQUIREMENT_KEYS.os, operator: "In", values: ["linux"] },
                    ],
                    expireAfter: config.expireAfter,
                },
            },
            limits: { cpu: String(config.limits.cpu), memory: `${config.limits.memoryGiB}Gi` },
            disruption: {
                consolidationPolicy: config.disruption.consolidationPolicy,
                consolidateAfter: config.disruption.consolidateAfter,
                budgets: config.disruption.budgets.map(({ reasons, ...b }) => (reasons ? { ...b, reasons: [...reasons] } : b)),
            },
        },
    });
    try {
        pool.validate();
    } catch (err) {
        throw new pulumi.RunError(describeNodePoolError(name, err));
    }
    return pool;
}

/** The enabled pools of the config, in a stable order. */
export function enabledNodePools(pools: Record<string, NodePoolConfig>): [string, NodePoolConfig][] {
    return Object.entries(pools)
        .filter(([, pool]) => pool.enabled !== false)
        .sort(([a], [b]) => a.localeCompare(b));
}
