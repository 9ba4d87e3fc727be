import { allocateBlocks, formatCidr, parseCidr, usableAddresses } from "../../domain/cidr.js";

export interface SubnetLayout {
    /** Private subnet CIDRs, one per AZ, in AZ order. */
    readonly private: string[];
    /** Public subnet CIDRs, one per AZ, in AZ order. */
    readonly public: string[];
    /** Addresses AWS lets nodes and pods use across all private subnets. */
    readonly privateIpCapacity: number;
}

/**
 * Lays out one private and one public subnet per AZ. Private subnets come first so the
 * large, aligned blocks sit at the start of the VPC; the rest of the VPC stays free for
 * later subnets (e.g. isolated ones for databases).
 */
export function layoutSubnets(vpcCidr: string, azCount: number, privatePrefix: number, publicPrefix: number): SubnetLayout {
    const vpc = parseCidr(vpcCidr);
    if (!vpc) throw new Error(`network.cidr: "${vpcCidr}" is not an IPv4 network CIDR`);
    const blocks = allocateBlocks(vpc, [
        ...Array<number>(azCount).fill(privatePrefix),
        ...Array<number>(azCount).fill(publicPrefix),
    ]);
    if (!blocks) {
        throw new Error(`network: ${azCount} x /${privatePrefix} private and /${publicPrefix} public subnets do not fit in ${vpcCidr}`);
    }
    const cidrs = blocks.map(formatCidr);
    return {
        private: cidrs.slice(0, azCount),
        public: cidrs.slice(azCount),
        privateIpCapacity: azCount * usableAddresses(privatePrefix),
    };
}

/**
 * Subnet tags that EKS and its controllers discover subnets by:
 * - `kubernetes.io/role/elb` / `internal-elb`: where load balancer controllers put internet-facing / internal LBs;
 * - `kubernetes.io/cluster/<name>: shared`: the subnet may be used by this cluster (in-tree service controller);
 * - `karpenter.sh/discovery`: where Karpenter launches nodes (the EC2NodeClass selects on it).
 */
export function subnetTags(kind: "public" | "private", clusterName: string): Record<string, string> {
    const cluster = { [`kubernetes.io/cluster/${clusterName}`]: "shared" };
    return kind === "public"
        ? { ...cluster, "kubernetes.io/role/elb": "1" }
        : { ...cluster, "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": clusterName };
}
