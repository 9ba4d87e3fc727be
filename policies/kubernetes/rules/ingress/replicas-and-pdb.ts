import type { PolicyResource } from "@pulumi/policy";
import { chartName } from "../../../lib/kubernetes.js";
import { T } from "../../../lib/types.js";
import { stackRule } from "../../../lib/rule.js";
import { isUnknown, listAt, objectAt, peek, valueAt } from "../../../lib/values.js";

interface Config {
    readonly minimumReplicas: number;
}

/** Ingress-facing charts and where their values keep replicas and the PDB switch. */
export const INGRESS_CHARTS: Readonly<Record<string, { replicas: string[]; pdbEnabled: string[] }>> = {
    traefik: { replicas: ["deployment", "replicas"], pdbEnabled: ["podDisruptionBudget", "enabled"] },
};

const namespaceOf = (r: PolicyResource): unknown => peek(objectAt(r.props, "metadata"), "namespace") ?? "default";
/** Unknown namespaces (outputs during preview) are assumed to match rather than hide a workload. */
const sameNamespace = (a: unknown, b: unknown) => a === b || isUnknown(a) || isUnknown(b);
const matches = (selector: Record<string, unknown> | undefined, labels: Record<string, unknown> | undefined) =>
    selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Services that take traffic from outside the cluster: LoadBalancer Services and IngressRoute/Ingress backends. */
function ingressServices(resources: PolicyResource[]): PolicyResource[] {
    const services = resources.filter((r) => r.type === T.service);
    const routed = new Set<string>();
    for (const r of resources) {
        if (r.type === T.ingressRoute) {
            for (const route of listAt(objectAt(r.props, "spec"), "routes")) {
                for (const s of listAt(route, "services")) routed.add(`${String(s["namespace"] ?? namespaceOf(r))}/${String(s["name"])}`);
            }
        } else if (r.type === T.ingress) {
            for (const rule of listAt(objectAt(r.props, "spec"), "rules")) {
                for (const path of listAt(objectAt(rule, "http"), "paths")) {
                    const name = valueAt(path, ["backend", "service", "name"]);
                    if (typeof name === "string") routed.add(`${String(namespaceOf(r))}/${name}`);
                }
            }
        }
    }
    return services.filter((s) => {
        const name = peek(objectAt(s.props, "metadata"), "name");
        return objectAt(s.props, "spec")?.["type"] === "LoadBalancer" || routed.has(`${String(namespaceOf(s))}/${String(name)}`);
    });
}

export const kubernetesIngressReplicasAndPdb = stackRule<Config>({
    name: "kubernetes-ingress-replicas-and-pdb",
    description: "Workloads that serve traffic from outside the cluster run at least two replicas behind a PodDisruptionBudget, so node drains and rollouts never take them down.",
    severity: "high",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minimumReplicas: { type: "integer", minimum: 1, default: 2 } } },
    validateStack: (args, report, config) => {
        const min = config.minimumReplicas;
        const deployments = args.resources.filter((r) => r.type === T.deployment || r.type === T.statefulSet);
        const pdbs = args.resources.filter((r) => r.type === T.podDisruptionBudget);
        const checked = new Set<PolicyResource>();
        for (const service of ingressServices(args.resources)) {
            const selector = objectAt(objectAt(service.props, "spec"), "selector");
            for (const workload of deployments) {
                const labels = objectAt(objectAt(valueAt(workload.props, ["spec", "template"]), "metadata"), "labels");
                if (checked.has(workload) || !sameNamespace(namespaceOf(workload), namespaceOf(service)) || !matches(selector, labels)) continue;
                checked.add(workload);
                const replicas = objectAt(workload.props, "spec")?.["replicas"] ?? 1;
                if (typeof replicas === "number" && replicas < min) {
                    report(`${workload.name} serves ingress traffic with ${replicas} replica(s): set spec.replicas to ${min} or more.`, workload.urn);
                }
                const covered = pdbs.some((p) => sameNamespace(namespaceOf(p), namespaceOf(workload)) && matches(valueAt(p.props, ["spec", "selector", "matchLabels"]) as Record<string, unknown> | undefined, labels));
                if (!covered) report(`${workload.name} serves ingress traffic without a PodDisruptionBudget: add one selecting its pods (minAvailable: 1 or maxUnavailable: 1).`, workload.urn);
            }
        }
        for (const release of args.resources.filter((r) => r.type === T.helmRelease)) {
            const keys = INGRESS_CHARTS[chartName(release.props["chart"]) ?? ""];
            if (!keys) continue;
            const values = objectAt(release.props, "values");
            const replicas = valueAt(values, keys.replicas) ?? 1;
            if (typeof replicas === "number" && replicas < min) {
                report(`Helm release ${release.name} runs ${replicas} replica(s): set values.${keys.replicas.join(".")} to ${min} or more.`, release.urn);
            }
            if (valueAt(values, keys.pdbEnabled) !== true) {
                report(`Helm release ${release.name} has no PodDisruptionBudget: set values.${keys.pdbEnabled.join(".")} to true (with maxUnavailable: 1).`, release.urn);
            }
        }
    },
});
