import { containerRule } from "../../../lib/kubernetes.js";
import { listAt, objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsDropCapabilities = containerRule({
    name: "kubernetes-workloads-drop-capabilities",
    description: "Containers drop all Linux capabilities and add back only what they need.",
    severity: "medium",
    enforcementLevel: "mandatory",
    validateContainer: ({ container, label }, _spec, report) => {
        const drop = listAt(objectAt(objectAt(container, "securityContext"), "capabilities"), "drop");
        if (!drop.some((c) => String(c).toUpperCase() === "ALL")) {
            report(`${label} keeps the default capabilities: set securityContext.capabilities.drop to ["ALL"] (and add only what it needs).`);
        }
    },
});
