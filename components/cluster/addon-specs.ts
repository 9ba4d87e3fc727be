import { addonVersionsFor, type AddonName } from "../../domain/addon-matrix.js";
import type { KubernetesVersion } from "../../domain/versions.js";

/**
 * When an add-on is created relative to the system node group:
 * - beforeNodes: DaemonSets a node needs to become Ready (CNI, kube-proxy, Pod Identity agent);
 *   EKS reports them ACTIVE with no nodes, and nodes that join without a CNI never go Ready.
 * - afterNodes: Deployments (coredns, the EBS CSI controller) that sit DEGRADED until nodes exist.
 */
export type AddonPhase = "beforeNodes" | "afterNodes";

export interface AddonSpec {
    readonly name: AddonName;
    readonly version: string;
    readonly phase: AddonPhase;
    /** The add-on's configuration schema values (`aws eks describe-addon-configuration`). */
    readonly configuration?: Record<string, unknown>;
    /** Service account that gets an IAM role through EKS Pod Identity. */
    readonly podIdentity?: {
        readonly serviceAccount: string;
        readonly managedPolicy: string;
        /** Where the add-on runs that service account. @default "kube-system" */
        readonly namespace?: string;
    };
}

/**
 * VPC CNI: prefix delegation gives each ENI slot a /28 (16 pods) instead of one IP, which is
 * what lets small nodes run 110 pods; WARM_PREFIX_TARGET=1 keeps one spare prefix per node.
 * WARM_IP_TARGET / MINIMUM_IP_TARGET are left unset on purpose: either one overrides the
 * prefix target. Network policy enforcement runs in the CNI's node agent (eBPF).
 */
export function vpcCniConfiguration(): Record<string, unknown> {
    return {
        env: {
            ENABLE_PREFIX_DELEGATION: "true",
            WARM_PREFIX_TARGET: "1",
        },
        enableNetworkPolicy: "true",
    };
}

/**
 * The managed add-ons every cluster gets, in one table, at the versions of the cluster's
 * Kubernetes version (`domain/addon-matrix.ts`) unless the stack pins one (`cluster.addonVersions`).
 */
export function addonSpecs(kubernetesVersion: KubernetesVersion, pins: Partial<Record<AddonName, string>> = {}): AddonSpec[] {
    const ADDON_VERSIONS = addonVersionsFor(kubernetesVersion, pins);
    return [
        { name: "vpc-cni", version: ADDON_VERSIONS["vpc-cni"], phase: "beforeNodes", configuration: vpcCniConfiguration() },
        { name: "kube-proxy", version: ADDON_VERSIONS["kube-proxy"], phase: "beforeNodes" },
        { name: "eks-pod-identity-agent", version: ADDON_VERSIONS["eks-pod-identity-agent"], phase: "beforeNodes" },
        // Two replicas, spread by the add-on's default anti-affinity, so DNS survives a node loss.
        { name: "coredns", version: ADDON_VERSIONS.coredns, phase: "afterNodes", configuration: { replicaCount: 2 } },
        {
            name: "aws-ebs-csi-driver",
            version: ADDON_VERSIONS["aws-ebs-csi-driver"],
            phase: "afterNodes",
            podIdentity: { serviceAccount: "ebs-csi-controller-sa", managedPolicy: "service-role/AmazonEBSCSIDriverPolicy" },
        },
    ];
}
