import { containerRule, effectiveSecurity } from "../../../lib/kubernetes.js";

export const kubernetesWorkloadsRunAsNonRoot = containerRule({
    name: "kubernetes-workloads-run-as-non-root",
    description: "Containers run as a non-root user.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateContainer: ({ container, label }, spec, report) => {
        const nonRoot = effectiveSecurity(spec, container, "runAsNonRoot");
        const user = effectiveSecurity(spec, container, "runAsUser");
        if (user === 0) {
            report(`${label} runs as user 0 (root): set securityContext.runAsUser to a non-zero UID and runAsNonRoot to true.`);
        } else if (nonRoot !== true && !(typeof user === "number" && user > 0)) {
            report(`${label} may run as root: set securityContext.runAsNonRoot to true (on the pod or the container).`);
        }
    },
});
