import { containersOf, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsReadOnlyRootFilesystem = resourceRule({
    name: "kubernetes-workloads-read-only-root-filesystem",
    description: "Container root filesystems are read-only; writable paths are explicit emptyDir volumes.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label } of containersOf(spec)) {
            if (objectAt(container, "securityContext")?.["readOnlyRootFilesystem"] !== true) {
                report(`${label} can write its root filesystem: set securityContext.readOnlyRootFilesystem to true and mount an emptyDir where it must write.`);
            }
        }
    },
});
