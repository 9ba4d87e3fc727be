import { containersOf, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt, objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsDropCapabilities = resourceRule({
    name: "kubernetes-workloads-drop-capabilities",
    description: "Containers drop all Linux capabilities and add back only what they need.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label } of containersOf(spec)) {
            const drop = listAt(objectAt(objectAt(container, "securityContext"), "capabilities"), "drop");
            if (!drop.some((c) => String(c).toUpperCase() === "ALL")) {
                report(`${label} keeps the default capabilities: set securityContext.capabilities.drop to ["ALL"] (and add only what it needs).`);
            }
        }
    },
});
