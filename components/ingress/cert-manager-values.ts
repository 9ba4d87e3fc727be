import { onKarpenterNodes, spreadOverZones, type NodeAffinity, type TopologySpreadConstraint } from "./scheduling.js";

/** Where cert-manager runs and the service account its controller uses (the Pod Identity subject). */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

/**
 * Resolvers for the DNS-01 self-check. cert-manager otherwise asks the cluster's resolver, which
 * may answer from a stale cache or from a private zone shadowing the public one, and the check
 * then waits for a record that Let's Encrypt can already see.
 */
export const DNS01_RECURSIVE_NAMESERVERS = ["8.8.8.8:53", "1.1.1.1:53"] as const;

export interface ResourceRequirements {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu?: string; readonly memory: string };
}

export interface PodDisruptionBudgetValues {
    readonly enabled: boolean;
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
}

/** Per-component values the controller, webhook and cainjector share (chart keys of the same name). */
export interface CertManagerComponentValues {
    readonly replicaCount: number;
    readonly podDisruptionBudget: PodDisruptionBudgetValues;
    readonly resources: ResourceRequirements;
    readonly affinity: NodeAffinity;
    readonly topologySpreadConstraints: TopologySpreadConstraint[];
}

/**
 * The values this platform sets on the cert-manager chart. Every key exists in the chart's
 * `values.schema.json`, which rejects unknown ones (`additionalProperties: false` at every level).
 */
export interface CertManagerValues extends CertManagerComponentValues {
    readonly crds: { readonly enabled: boolean; readonly keep: boolean };
    readonly serviceAccount: { readonly create: boolean; readonly name: string };
    readonly dns01RecursiveNameservers: string;
    readonly dns01RecursiveNameserversOnly: boolean;
    readonly webhook: CertManagerComponentValues;
    readonly cainjector: CertManagerComponentValues;
}

export interface CertManagerValuesOptions {
    /** Replicas of the controller, webhook and cainjector. @default 2 */
    readonly replicas?: number;
}

/** The chart's own pod labels, used to spread each component over zones. */
function componentLabels(component: "controller" | "webhook" | "cainjector"): Record<string, string> {
    return { "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": component };
}

function component(
    name: "controller" | "webhook" | "cainjector",
    replicas: number,
    resources: ResourceRequirements,
): CertManagerComponentValues {
    return {
        replicaCount: replicas,
        // maxUnavailable rather than minAvailable: with 2 replicas either allows one eviction at a time.
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        resources,
        affinity: onKarpenterNodes(),
        topologySpreadConstraints: spreadOverZones(componentLabels(name)),
    };
}

export function certManagerValues(options: CertManagerValuesOptions = {}): CertManagerValues {
    const replicas = options.replicas ?? 2;
    return {
        // The chart installs and upgrades the CRDs with the release; keep them if the release is
        // uninstalled, because deleting a CRD deletes every Certificate and issuer with it.
        crds: { enabled: true, keep: true },
        serviceAccount: { create: true, name: CERT_MANAGER_SERVICE_ACCOUNT },
        dns01RecursiveNameservers: DNS01_RECURSIVE_NAMESERVERS.join(","),
        dns01RecursiveNameserversOnly: true,
        // The controller elects a leader; the second replica takes over within the lease (60s).
        ...component("controller", replicas, { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } }),
        webhook: component("webhook", replicas, { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } }),
        cainjector: component("cainjector", replicas, { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } }),
    };
}
