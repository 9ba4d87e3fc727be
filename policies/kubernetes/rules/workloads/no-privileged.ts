import { containerRule } from "../../../lib/kubernetes.js";
import { objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsNoPrivileged = containerRule({
    name: "kubernetes-workloads-no-privileged",
    description: "No container runs privileged (full access to the node).",
    severity: "critical",
    enforcementLevel: "mandatory",
    validateContainer: ({ container, label }, _spec, report) => {
        if (objectAt(container, "securityContext")?.["privileged"] === true) {
            report(`${label} is privileged: remove securityContext.privileged and add only the capabilities it needs.`);
        }
    },
});
