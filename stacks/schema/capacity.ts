import { usableAddresses } from "../../domain/cidr.js";
import { MIN_HEADROOM, podIpBudget, type PodIpBudget, type PoolCapacity } from "../../domain/pod-ips.js";
import type { KarpenterConfig } from "./karpenter.js";

/** The smallest instance of a pool that sets no `minVcpu`: c, m and r families start at large (2 vCPUs). */
export const DEFAULT_MIN_VCPU = 2;

/**
 * Pods a system node may hold, for the budget: with prefix delegation the upstream guidance caps
 * instances under 30 vCPUs at 110 (the system node types are all below that). Where a node group
 * keeps its ENI-based figure (17 on t3.medium, 29 on m7i.large) it takes fewer addresses, so 110
 * is the upper bound.
 */
export const SYSTEM_NODE_MAX_PODS = 110;

/** A GPU node has at least one GPU, so a pool never has more nodes than GPUs in its limit. */
const GPU_NODE_MIN_VCPU = 4;

interface CapacityInputs {
    readonly network: { readonly azCount: number; readonly privateSubnetPrefix: number };
    readonly cluster: { readonly systemNodes: { readonly maxSize: number } };
    readonly karpenter: KarpenterConfig;
}

/** The pod-IP budget of a parsed config: every enabled pool at its limits, the system nodes at max size. */
export function configPodIpBudget(config: CapacityInputs): PodIpBudget {
    const k = config.karpenter;
    const pools: PoolCapacity[] = Object.entries(k.nodePools)
        .filter(([, p]) => p.enabled !== false)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, p]) => ({ name, cpuLimit: p.limits.cpu, minVcpu: p.minVcpu ?? DEFAULT_MIN_VCPU }));
    if (k.gpu.enabled) pools.push({ name: "gpu", cpuLimit: k.gpu.limits.cpu, minVcpu: GPU_NODE_MIN_VCPU, maxNodes: k.gpu.limits.gpus });
    return podIpBudget({
        pools,
        maxPods: k.maxPods,
        systemNodes: config.cluster.systemNodes.maxSize,
        systemMaxPods: SYSTEM_NODE_MAX_PODS,
        fargatePods: k.controllerOn === "fargate" ? k.controllerReplicas : 0,
        privateIpCapacity: config.network.azCount * usableAddresses(config.network.privateSubnetPrefix),
    });
}

/** A problem when the Karpenter limits could take more pod IPs than the private subnets hold with headroom. */
export function podIpBudgetProblem(config: CapacityInputs): { path: string[]; message: string } | undefined {
    const b = configPodIpBudget(config);
    if (b.fits) return undefined;
    return {
        path: ["karpenter", "nodePools"],
        message:
            `at their limits the NodePools can launch ${b.karpenterNodes} nodes taking ${b.addressesNeeded} pod IPs ` +
            `(${b.addressesPerNode} per node at maxPods ${config.karpenter.maxPods}), more than ${Math.round((1 - MIN_HEADROOM) * 100)}% ` +
            `of the ${b.privateIpCapacity} private addresses; lower limits.cpu, raise minVcpu, or widen network.privateSubnetPrefix`,
    };
}
