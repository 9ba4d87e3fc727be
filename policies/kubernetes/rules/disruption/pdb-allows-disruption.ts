import type { PolicyResource } from "@pulumi/policy";
import { T } from "../../../lib/types.js";
import { stackRule } from "../../../lib/rule.js";
import { isUnknown, objectAt, peek, valueAt } from "../../../lib/values.js";

const namespaceOf = (r: PolicyResource): unknown => peek(objectAt(r.props, "metadata"), "namespace") ?? "default";
const nameOf = (r: PolicyResource): string => String(peek(objectAt(r.props, "metadata"), "name") ?? r.name);
const zero = (v: unknown) => v === 0 || v === "0" || v === "0%";

/** Why the budget allows no voluntary disruption, or undefined when it allows at least one. */
function blocksAllDisruption(pdb: PolicyResource, workloads: PolicyResource[]): string | undefined {
    const spec = objectAt(pdb.props, "spec") ?? {};
    const maxUnavailable = peek(spec, "maxUnavailable");
    const minAvailable = peek(spec, "minAvailable");
    if (zero(maxUnavailable)) return `maxUnavailable is ${String(maxUnavailable)}`;
    if (minAvailable === "100%") return "minAvailable is 100%";
    if (typeof minAvailable !== "number") return undefined;
    const selector = objectAt(objectAt(spec, "selector"), "matchLabels");
    if (!selector || Object.keys(selector).length === 0) return undefined;
    for (const workload of workloads) {
        const ns = namespaceOf(workload);
        if (ns !== namespaceOf(pdb) && !isUnknown(ns)) continue;
        const labels = objectAt(objectAt(valueAt(workload.props, ["spec", "template"]), "metadata"), "labels") ?? {};
        if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
        const replicas = peek(objectAt(workload.props, "spec"), "replicas") ?? 1;
        if (typeof replicas === "number" && minAvailable >= replicas) {
            return `minAvailable ${minAvailable} is not below the ${replicas} replica(s) of ${nameOf(workload)}`;
        }
    }
    return undefined;
}

export const kubernetesDisruptionPdbAllowsDisruption = stackRule({
    name: "kubernetes-disruption-pdb-allows-disruption",
    description: "No PodDisruptionBudget allows zero voluntary disruptions: it would block every node drain, and so Karpenter's consolidation, drift and expiry.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const workloads = args.resources.filter((r) => r.type === T.deployment || r.type === T.statefulSet);
        for (const pdb of args.resources.filter((r) => r.type === T.podDisruptionBudget)) {
            const why = blocksAllDisruption(pdb, workloads);
            if (why) {
                report(
                    `PodDisruptionBudget ${nameOf(pdb)} allows no voluntary disruption (${why}), so no node running its pods can be drained: allow at least one (maxUnavailable: 1, or minAvailable below the replicas).`,
                    pdb.urn,
                );
            }
        }
    },
});
