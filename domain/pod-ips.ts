/**
 * Pod-IP budget: how many private-subnet addresses the node capacity the config allows can take,
 * with vpc-cni's prefix delegation. Pure arithmetic, used by the config check and the plan.
 */

/** vpc-cni prefix delegation hands out IPv4 /28 prefixes: 16 addresses each. */
export const ADDRESSES_PER_PREFIX = 16;

/** WARM_PREFIX_TARGET of the vpc-cni add-on (components/cluster/addon-specs.ts): one spare prefix per node. */
export const WARM_PREFIXES = 1;

/** Each node's primary ENI keeps its own primary address beside the prefixes. */
export const PRIMARY_ADDRESSES_PER_NODE = 1;

/** The share of the private subnets the budget must leave free (prefix fragmentation, load balancers, endpoints). */
export const MIN_HEADROOM = 0.2;

/** Addresses one node takes from its subnet when it runs `maxPods` pods: its prefixes, the warm one, its primary IP. */
export function addressesPerNode(maxPods: number): number {
    return (Math.ceil(maxPods / ADDRESSES_PER_PREFIX) + WARM_PREFIXES) * ADDRESSES_PER_PREFIX + PRIMARY_ADDRESSES_PER_NODE;
}

export interface PoolCapacity {
    readonly name: string;
    /** The pool's vCPU limit. */
    readonly cpuLimit: number;
    /** The smallest instance it may launch, in vCPUs: the most nodes is cpuLimit / minVcpu. */
    readonly minVcpu: number;
    /** A further cap on its node count (a GPU pool launches at most one node per GPU of its limit). */
    readonly maxNodes?: number;
}

export interface PodIpBudgetInputs {
    readonly pools: readonly PoolCapacity[];
    /** kubelet maxPods of Karpenter nodes. */
    readonly maxPods: number;
    /** The system node group at its maximum size. */
    readonly systemNodes: number;
    /** kubelet maxPods of the system nodes (the same prefix arithmetic applies). */
    readonly systemMaxPods: number;
    /** Fargate pods: each takes one address of its own. */
    readonly fargatePods: number;
    /** Assignable addresses of all private subnets together. */
    readonly privateIpCapacity: number;
}

export interface PodIpBudget {
    readonly pools: readonly { readonly name: string; readonly nodes: number; readonly addresses: number }[];
    readonly addressesPerNode: number;
    readonly karpenterNodes: number;
    /** Pods Karpenter's nodes can run at the limits (nodes x maxPods). */
    readonly podsAtLimits: number;
    readonly addressesNeeded: number;
    readonly privateIpCapacity: number;
    /** Share of the private subnets left free at the limits (negative when over). */
    readonly headroom: number;
    readonly fits: boolean;
}

/** The addresses the limits can take, and whether they fit the private subnets with MIN_HEADROOM to spare. */
export function podIpBudget(inputs: PodIpBudgetInputs): PodIpBudget {
    const perNode = addressesPerNode(inputs.maxPods);
    const pools = inputs.pools.map((p) => {
        const byCpu = Math.floor(p.cpuLimit / p.minVcpu);
        const nodes = p.maxNodes === undefined ? byCpu : Math.min(byCpu, p.maxNodes);
        return { name: p.name, nodes, addresses: nodes * perNode };
    });
    const karpenterNodes = pools.reduce((n, p) => n + p.nodes, 0);
    const addressesNeeded =
        pools.reduce((n, p) => n + p.addresses, 0) + inputs.systemNodes * addressesPerNode(inputs.systemMaxPods) + inputs.fargatePods;
    const headroom = inputs.privateIpCapacity > 0 ? 1 - addressesNeeded / inputs.privateIpCapacity : -1;
    return {
        pools,
        addressesPerNode: perNode,
        karpenterNodes,
        podsAtLimits: karpenterNodes * inputs.maxPods,
        addressesNeeded,
        privateIpCapacity: inputs.privateIpCapacity,
        headroom,
        fits: headroom >= MIN_HEADROOM,
    };
}
