import { EC2NodeClass } from "@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass";
import { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import * as pulumi from "@pulumi/pulumi";
import type { GpuPoolConfig, NodePoolConfig } from "../../stacks/schema/karpenter.js";
import { DISCOVERY_TAG_KEY } from "./names.js";
import { describeNodePoolError } from "./node-pool-paths.js";

/** The EC2NodeClass every general NodePool uses. */
export const NODE_CLASS_NAME = "default";
/** The GPU pool's EC2NodeClass: the same AMI alias, a larger root volume. */
export const GPU_NODE_CLASS_NAME = "gpu";
export const GPU_POOL_NAME = "gpu";

/** The taint that keeps everything but GPU workloads off GPU nodes (the NVIDIA device plugin tolerates it). */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" } as const;
/** The extended resource the NVIDIA device plugin advertises, and the NodePool limit on it. */
export const GPU_RESOURCE = "nvidia.com/gpu";
/** The label Karpenter puts on every node it launches: the NodePool's name. */
export const NODEPOOL_LABEL = "karpenter.sh/nodepool";

export interface NodeClassInputs {
    readonly clusterName: string;
    /** The node role's name; Karpenter creates and manages the instance profile for it. */
    readonly role: string;
    /** `al2023@<release>`, pinned in versions.ts. */
    readonly amiAlias: string;
    readonly volumeSizeGiB: number;
    /** kubelet maxPods: set from prefix delegation, not the ENI limit Karpenter would compute. */
    readonly maxPods: number;
    /** The object's name. @default NODE_CLASS_NAME */
    readonly name?: string;
    /** KMS key of the volumes (the platform's `ebs` key, by alias ARN so it is known at preview). @default the account's EBS default key */
    readonly volumeKmsKeyId?: string;
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
        metadata: { name: inputs.name ?? NODE_CLASS_NAME },
        spec: {
            role: inputs.role,
            // al2023@<release> resolves, per instance type, to the standard, nvidia or neuron AMI of that
            // release (Karpenter 1.14.1 pkg/providers/amifamily/al2023.go: SSM .../amazon-linux-2023/<arch>/<variant>/
            // and types.go: nvidia where karpenter.k8s.aws/instance-gpu-count exists), so GPU types get the accelerated AMI.
            amiSelectorTerms: [{ alias: inputs.amiAlias }],
            // vpc-cni hands out /28 prefixes, so the ENI-based max pods Karpenter would compute undercounts.
            kubelet: { maxPods: inputs.maxPods },
            subnetSelectorTerms: discovery,
            securityGroupSelectorTerms: discovery,
            metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    rootVolume: true,
                    ebs: {
                        volumeSize: `${inputs.volumeSizeGiB}Gi`,
                        volumeType: "gp3",
                        encrypted: true,
                        // The controller launches through EC2 (CreateFleet); the key policy allows the platform's roles via EC2.
                        ...(inputs.volumeKmsKeyId ? { kmsKeyID: inputs.volumeKmsKeyId } : {}),
                        deleteOnTermination: true,
                    },
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
    instanceCpu: "karpenter.k8s.aws/instance-cpu",
    gpuManufacturer: "karpenter.k8s.aws/instance-gpu-manufacturer",
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
                        ...(config.minVcpu !== undefined
                            ? [{ key: REQUIREMENT_KEYS.instanceCpu, operator: "Gt" as const, values: [String(config.minVcpu - 1)] }]
                            : []),
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

/**
 * The GPU NodePool: NVIDIA g/p instances on their own EC2NodeClass, tainted nvidia.com/gpu so only
 * pods that ask for GPUs (and tolerate it) land there, limited in GPUs as well as CPU and memory.
 * WhenEmpty: a GPU job is not repacked mid-run; an idle GPU node goes after consolidateAfter.
 */
export function buildGpuNodePool(config: GpuPoolConfig): NodePool {
    const pool = new NodePool({
        metadata: { name: GPU_POOL_NAME },
        spec: {
            weight: 1,
            template: {
                spec: {
                    taints: [{ ...GPU_TAINT }],
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: GPU_NODE_CLASS_NAME },
                    requirements: [
                        { key: REQUIREMENT_KEYS.capacityType, operator: "In", values: [...config.capacityTypes] },
                        { key: REQUIREMENT_KEYS.instanceCategory, operator: "In", values: [...config.instanceCategories] },
                        { key: REQUIREMENT_KEYS.instanceGeneration, operator: "Gt", values: [String(config.minGeneration - 1)] },
                        { key: REQUIREMENT_KEYS.gpuManufacturer, operator: "In", values: ["nvidia"] },
                        { key: REQUIREMENT_KEYS.arch, operator: "In", values: ["amd64"] },
                        { key: REQUIREMENT_KEYS.os, operator: "In", values: ["linux"] },
                    ],
                    expireAfter: config.expireAfter,
                },
            },
            limits: { cpu: String(config.limits.cpu), memory: `${config.limits.memoryGiB}Gi`, [GPU_RESOURCE]: String(config.limits.gpus) },
            disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "5m", budgets: [{ nodes: "10%" }] },
        },
    });
    pool.validate();
    return pool;
}
