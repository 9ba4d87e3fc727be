/**
 * Wiring between what the releases render and what the program creates around them: the
 * checks a cluster would otherwise answer only after `pulumi up`.
 */
import type { KubeObject, PodIdentity } from "./releases.js";

/** An object with the release (or program resource) that writes it. */
export interface OwnedObject {
    readonly object: KubeObject;
    /** `release <name>` or `program <resource name>`. */
    readonly owner: string;
    /** The namespace it lands in ("" for cluster-scoped objects). */
    readonly namespace: string;
    /** `group/Kind`: the identity of the object across API versions. */
    readonly groupKind: string;
}

interface PodTemplate {
    readonly from: OwnedObject;
    readonly labels: Record<string, string>;
    readonly serviceAccount: string;
}

interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Pods the EKS managed add-ons run, as far as rendered objects may point at them: the coredns
 * add-on's pods carry the labels the kube-dns Service selects (`k8s-app: kube-dns`) and run as
 * ServiceAccount coredns (EKS coredns add-on manifest, as read from a cluster).
 */
const ADDON_PODS: Record<string, { namespace: string; labels: Record<string, string>; serviceAccount: string }> = {
    coredns: { namespace: "kube-system", labels: { "k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns" }, serviceAccount: "coredns" },
};

/** Stand-in pods for the managed add-ons a stack installs. */
export function addonPods(addons: readonly string[]): OwnedObject[] {
    return addons.flatMap((addon) => {
        const pod = ADDON_PODS[addon];
        if (!pod) return [];
        const object = { apiVersion: "v1", kind: "Pod", metadata: { name: addon, namespace: pod.namespace, labels: pod.labels }, spec: { serviceAccountName: pod.serviceAccount } };
        return [{ object, owner: `add-on ${addon}`, namespace: pod.namespace, groupKind: "/Pod" }];
    });
}

const BUILTIN_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

export function isBuiltinNamespace(namespace: string): boolean {
    return BUILTIN_NAMESPACES.has(namespace);
}

function describe(o: OwnedObject): string {
    return `${o.object.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.object.metadata?.name}`;
}

/** The pod templates of workloads (and bare pods). */
export function podTemplates(objects: readonly OwnedObject[]): PodTemplate[] {
    const out: PodTemplate[] = [];
    for (const o of objects) {
        const spec = o.object.spec as Record<string, unknown> | undefined;
        let template: { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> } | undefined;
        if (o.object.kind === "Pod") template = { metadata: o.object.metadata as { labels?: Record<string, string> }, spec };
        else if (o.object.kind === "CronJob") template = ((spec?.jobTemplate as { spec?: { template?: typeof template } })?.spec?.template);
        else if (["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"].includes(String(o.object.kind))) template = spec?.template as typeof template;
        if (!template) continue;
        const podSpec = template.spec ?? {};
        out.push({
            from: o,
            labels: template.metadata?.labels ?? {},
            serviceAccount: String(podSpec.serviceAccountName ?? podSpec.serviceAccount ?? "default"),
        });
    }
    return out;
}

function matches(selector: LabelSelector, labels: Record<string, string>): boolean {
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.hasOwn(labels, e.key);
        const value = labels[e.key];
        if (e.operator === "In" && !(has && e.values?.includes(value!))) return false;
        if (e.operator === "NotIn" && has && e.values?.includes(value!)) return false;
        if (e.operator === "Exists" && !has) return false;
        if (e.operator === "DoesNotExist" && has) return false;
    }
    return true;
}

/** Pod Identity associations, selectors and ServiceAccount references. */
export function wiringFindings(objects: readonly OwnedObject[], podIdentities: readonly PodIdentity[], addons: readonly string[] = []): string[] {
    const findings: string[] = [];
    const pods = podTemplates([...objects, ...addonPods(addons)]);

    for (const association of podIdentities) {
        const used = pods.some((p) => p.from.namespace === association.namespace && p.serviceAccount === association.serviceAccount);
        if (!used) {
            const there = [...new Set(pods.filter((p) => p.from.namespace === association.namespace).map((p) => p.serviceAccount))].sort();
            findings.push(
                `Pod Identity association ${association.resourceName}: no workload runs as ServiceAccount ${association.namespace}/${association.serviceAccount}` +
                    ` (workloads in ${association.namespace} run as: ${there.join(", ") || "none"})`,
            );
        }
    }

    for (const o of objects) {
        const spec = o.object.spec as Record<string, unknown> | undefined;
        if (o.object.kind === "Service" && spec?.type !== "ExternalName") {
            const selector = spec?.selector as Record<string, string> | undefined;
            if (selector && Object.keys(selector).length > 0 && !pods.some((p) => p.from.namespace === o.namespace && matches({ matchLabels: selector }, p.labels))) {
                findings.push(`${describe(o)} (${o.owner}): selector ${JSON.stringify(selector)} matches no pod`);
            }
        }
        if (o.object.kind === "PodDisruptionBudget") {
            const selector = (spec?.selector ?? {}) as LabelSelector;
            if (!pods.some((p) => p.from.namespace === o.namespace && matches(selector, p.labels))) {
                findings.push(`${describe(o)} (${o.owner}): selector ${JSON.stringify(selector)} matches no pod`);
            }
        }
    }

    const serviceAccounts = new Set(objects.filter((o) => o.object.kind === "ServiceAccount").map((o) => `${o.namespace}/${o.object.metadata?.name}`));
    for (const p of pods) {
        if (p.from.owner.startsWith("add-on ")) continue;
        if (p.serviceAccount !== "default" && !serviceAccounts.has(`${p.from.namespace}/${p.serviceAccount}`)) {
            findings.push(`${describe(p.from)} (${p.from.owner}): runs as ServiceAccount ${p.serviceAccount}, which nothing creates in ${p.from.namespace}`);
        }
    }
    return findings;
}

/** Objects written by more than one release or program resource. */
export function ownershipFindings(objects: readonly OwnedObject[]): string[] {
    const owners = new Map<string, { object: OwnedObject; owners: Set<string> }>();
    for (const o of objects) {
        const key = `${o.groupKind}/${o.namespace}/${o.object.metadata?.name}`;
        const entry = owners.get(key) ?? { object: o, owners: new Set<string>() };
        entry.owners.add(o.owner);
        owners.set(key, entry);
    }
    return [...owners.values()]
        .filter((e) => e.owners.size > 1)
        .map((e) => `${describe(e.object)} is written by ${[...e.owners].sort().join(" and ")}`);
}
