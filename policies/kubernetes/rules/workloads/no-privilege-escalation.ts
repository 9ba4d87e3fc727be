import { containerRule } from "../../../lib/kubernetes.js";
import { objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsNoPrivilegeEscalation = containerRule({
    name: "kubernetes-workloads-no-privilege-escalation",
    description: "Containers cannot gain more privileges than they start with (setuid binaries, ptrace).",
    severity: "high",
    enforcementLevel: "mandatory",
    validateContainer: ({ container, label }, _spec, report) => {
        // Kubernetes defaults allowPrivilegeEscalation to true, so it must be turned off explicitly.
        if (objectAt(container, "securityContext")?.["allowPrivilegeEscalation"] !== false) {
            report(`${label} may escalate privileges: set securityContext.allowPrivilegeEscalation to false.`);
        }
    },
});
