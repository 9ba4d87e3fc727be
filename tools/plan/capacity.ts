/**
 * Pods per node and the pod-IP budget, read from what the program registers: the EC2NodeClasses'
 * kubelet maxPods, the NodePools' limits and smallest instance, the system node group at its
 * maximum, Fargate pods, against the private subnets' capacity (stack output privateIpCapacity).
 */
import { podIpBudget, type PodIpBudget, type PoolCapacity } from "../../domain/pod-ips.js";
import { DEFAULT_MIN_VCPU, SYSTEM_NODE_MAX_PODS } from "../../stacks/schema/capacity.js";
import { fargatePods } from "./fargate.js";
import type { GraphResource } from "./graph.js";

export interface PodCapacity extends PodIpBudget {
    /** kubelet maxPods of Karpenter nodes. */
    readonly maxPods: number;
    readonly systemNodes: number;
    readonly fargatePods: number;
}

interface Requirement {
    readonly key: string;
    readonly operator: string;
    readonly values?: string[];
}

interface NodePoolSpec {
    readonly limits?: Record<string, string>;
    readonly template?: { readonly spec?: { readonly requirements?: Requirement[]; readonly nodeClassRef?: { readonly name?: string } } };
}

const GPU_NODE_MIN_VCPU = 4;

/** The pod-IP budget of a recorded run; undefined when it has no NodePools or no known private capacity. */
export function estimatePodCapacity(resources: readonly GraphResource[], privateIpCapacity: unknown): PodCapacity | undefined {
    if (typeof privateIpCapacity !== "number") return undefined;
    const maxPodsByClass = new Map(
        resources
            .filter((r) => r.type === "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass")
            .map((r) => {
                const name = (r.plainInputs["metadata"] as { name?: string } | undefined)?.name ?? r.name;
                const maxPods = (r.plainInputs["spec"] as { kubelet?: { maxPods?: number } } | undefined)?.kubelet?.maxPods;
                return [name, maxPods] as const;
            }),
    );
    const pools: PoolCapacity[] = [];
    let maxPods = 0;
    for (const r of resources.filter((x) => x.type === "kubernetes:karpenter.sh/v1:NodePool")) {
        const name = (r.plainInputs["metadata"] as { name?: string } | undefined)?.name ?? r.name;
        const spec = (r.plainInputs["spec"] ?? {}) as NodePoolSpec;
        const requirements = spec.template?.spec?.requirements ?? [];
        const cpuGt = requirements.find((q) => q.key === "karpenter.k8s.aws/instance-cpu" && q.operator === "Gt")?.values?.[0];
        const gpus = spec.limits?.["nvidia.com/gpu"];
        const minVcpu = cpuGt !== undefined ? Number(cpuGt) + 1 : gpus !== undefined ? GPU_NODE_MIN_VCPU : DEFAULT_MIN_VCPU;
        pools.push({ name, cpuLimit: Number(spec.limits?.["cpu"] ?? 0), minVcpu, ...(gpus !== undefined ? { maxNodes: Number(gpus) } : {}) });
        // A class without maxPods leaves Karpenter's ENI-based figure, which prefix delegation makes irrelevant: count 110.
        maxPods = Math.max(maxPods, maxPodsByClass.get(spec.template?.spec?.nodeClassRef?.name ?? "") ?? SYSTEM_NODE_MAX_PODS);
    }
    if (pools.length === 0) return undefined;
    const systemNodes = resources
        .filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup")
        .reduce((n, r) => n + Number((r.plainInputs["scalingConfig"] as { maxSize?: number } | undefined)?.maxSize ?? 0), 0);
    const fargate = fargatePods(resources).reduce((n, f) => n + f.pods, 0);
    const budget = podIpBudget({ pools, maxPods, systemNodes, systemMaxPods: SYSTEM_NODE_MAX_PODS, fargatePods: fargate, privateIpCapacity });
    return { ...budget, maxPods, systemNodes, fargatePods: fargate };
}

/** One line per figure, for the text and markdown renderers. */
export function capacityLines(c: PodCapacity): string[] {
    const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
    return [
        `pods per Karpenter node: ${c.maxPods} (kubelet maxPods, prefix delegation); ${c.addressesPerNode} subnet addresses per node at that`,
        ...c.pools.map((p) => `NodePool ${p.name}: at most ${p.nodes} nodes at its limits, ${p.addresses} addresses`),
        `at the limits: ${c.karpenterNodes} Karpenter nodes, ${c.podsAtLimits} pods; with ${c.systemNodes} system nodes and ${c.fargatePods} Fargate pods ` +
            `${c.addressesNeeded} of ${c.privateIpCapacity} private addresses (${pct(c.addressesNeeded / c.privateIpCapacity)}), headroom ${pct(c.headroom)}` +
            `${c.fits ? "" : " - NOT ENOUGH (20% required)"}`,
    ];
}
