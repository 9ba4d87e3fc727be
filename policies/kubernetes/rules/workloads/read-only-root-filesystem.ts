import { containerRule } from "../../../lib/kubernetes.js";
import { objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsReadOnlyRootFilesystem = containerRule({
    name: "kubernetes-workloads-read-only-root-filesystem",
    description: "Container root filesystems are read-only; writable paths are explicit emptyDir volumes.",
    severity: "medium",
    enforcementLevel: "mandatory",
    validateContainer: ({ container, label }, _spec, report) => {
        if (objectAt(container, "securityContext")?.["readOnlyRootFilesystem"] !== true) {
            report(`${label} can write its root filesystem: set securityContext.readOnlyRootFilesystem to true and mount an emptyDir where it must write.`);
        }
    },
});
