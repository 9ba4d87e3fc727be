import { containersOf, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsNoPrivileged = resourceRule({
    name: "kubernetes-workloads-no-privileged",
    description: "No container runs privileged (full access to the node).",
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label } of containersOf(spec)) {
            if (objectAt(container, "securityContext")?.["privileged"] === true) {
                report(`${label} is privileged: remove securityContext.privileged and add only the capabilities it needs.`);
            }
        }
    },
});
