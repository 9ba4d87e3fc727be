import { containersOf, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

export const kubernetesWorkloadsNoPrivilegeEscalation = resourceRule({
    name: "kubernetes-workloads-no-privilege-escalation",
    description: "Containers cannot gain more privileges than they start with (setuid binaries, ptrace).",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label } of containersOf(spec)) {
            // Kubernetes defaults allowPrivilegeEscalation to true, so it must be turned off explicitly.
            if (objectAt(container, "securityContext")?.["allowPrivilegeEscalation"] !== false) {
                report(`${label} may escalate privileges: set securityContext.allowPrivilegeEscalation to false.`);
            }
        }
    },
});
