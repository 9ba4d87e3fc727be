import { containersOf, effectiveSecurity, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";

export const kubernetesWorkloadsRunAsNonRoot = resourceRule({
    name: "kubernetes-workloads-run-as-non-root",
    description: "Containers run as a non-root user.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label } of containersOf(spec)) {
            const nonRoot = effectiveSecurity(spec, container, "runAsNonRoot");
            const user = effectiveSecurity(spec, container, "runAsUser");
            if (user === 0) {
                report(`${label} runs as user 0 (root): set securityContext.runAsUser to a non-zero UID and runAsNonRoot to true.`);
            } else if (nonRoot !== true && !(typeof user === "number" && user > 0)) {
                report(`${label} may run as root: set securityContext.runAsNonRoot to true (on the pod or the container).`);
            }
        }
    },
});
