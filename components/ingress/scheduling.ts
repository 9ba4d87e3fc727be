/**
 * Where ingress workloads run. They belong on Karpenter's nodes: the system node group is
 * tainted `CriticalAddonsOnly` and none of these pods tolerates it, and the affinity below
 * also keeps them off any node Karpenter does not manage, so consolidation and drift can
 * move them like every other workload.
 */

/** The label Karpenter puts on every node it launches (its value is the NodePool's name). */
export const KARPENTER_NODEPOOL_LABEL = "karpenter.sh/nodepool";
export const ZONE_LABEL = "topology.kubernetes.io/zone";

export interface NodeSelectorRequirement {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values?: string[];
}

export interface NodeAffinity {
    readonly nodeAffinity: {
        readonly requiredDuringSchedulingIgnoredDuringExecution: {
            readonly nodeSelectorTerms: { readonly matchExpressions: NodeSelectorRequirement[] }[];
        };
    };
}

export interface TopologySpreadConstraint {
    readonly maxSkew: number;
    readonly topologyKey: string;
    readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
    readonly labelSelector: { readonly matchLabels: Record<string, string> };
}

/** Only nodes Karpenter launched. */
export function onKarpenterNodes(): NodeAffinity {
    return {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: KARPENTER_NODEPOOL_LABEL, operator: "Exists" }] }],
            },
        },
    };
}

/**
 * Replicas in different zones, so one AZ going away leaves the others serving. ScheduleAnyway:
 * Karpenter opens nodes in other zones to satisfy it, but a zone outage must not leave pods pending.
 */
export function spreadOverZones(matchLabels: Record<string, string>): TopologySpreadConstraint[] {
    return [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels } }];
}
