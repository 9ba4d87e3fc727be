import { containerRule } from "../../../lib/kubernetes.js";
import { isSet, objectAt } from "../../../lib/values.js";

interface Config {
    readonly requireCpuLimit: boolean;
}

export const kubernetesWorkloadsSetResources = containerRule<Config>({
    name: "kubernetes-workloads-set-resources",
    description: "Every container requests CPU and memory and caps its memory, so the scheduler and Karpenter size nodes correctly and one pod cannot starve a node.",
    severity: "medium",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requireCpuLimit: { type: "boolean", default: false, description: "Also require limits.cpu (off: CPU limits throttle bursty workloads)." },
        },
    },
    validateContainer: ({ container, label }, _spec, report, config) => {
        const resources = objectAt(container, "resources");
        const requests = objectAt(resources, "requests");
        const limits = objectAt(resources, "limits");
        const missing = [
            ...["cpu", "memory"].filter((r) => !requests || !isSet(requests, r)).map((r) => `requests.${r}`),
            ...(config.requireCpuLimit ? ["cpu", "memory"] : ["memory"]).filter((r) => !limits || !isSet(limits, r)).map((r) => `limits.${r}`),
        ];
        if (missing.length > 0) report(`${label} sets no ${missing.join(", ")}: set resources.${missing.join(", resources.")}.`);
    },
});
