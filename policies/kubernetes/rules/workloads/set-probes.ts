import { containersOf, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";

// Jobs and bare pods run to completion; probes matter for long-running workloads.
const LONG_RUNNING = WORKLOAD_TYPES.filter((t) => t !== T.job && t !== T.cronJob && t !== T.pod);

export const kubernetesWorkloadsSetProbes = resourceRule({
    name: "kubernetes-workloads-set-probes",
    description: "Long-running containers have readiness and liveness probes, so traffic only reaches ready pods and hung ones restart.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: LONG_RUNNING,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label, init } of containersOf(spec)) {
            if (init) continue;
            const missing = ["readinessProbe", "livenessProbe"].filter((p) => container[p] === undefined);
            if (missing.length > 0) report(`${label} has no ${missing.join(" or ")}: add ${missing.join(" and ")} (httpGet on a health endpoint, or tcpSocket).`);
        }
    },
});
