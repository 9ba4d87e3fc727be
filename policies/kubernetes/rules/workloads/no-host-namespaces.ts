import { podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const kubernetesWorkloadsNoHostNamespaces = resourceRule({
    name: "kubernetes-workloads-no-host-namespaces",
    description: "Pods do not share the node's network, process or IPC namespaces.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        const shared = HOST_NAMESPACES.filter((field) => spec[field] === true);
        if (shared.length > 0) report(`The pod shares the node's namespaces (${shared.join(", ")}): remove ${shared.join(", ")} from the pod spec.`);
    },
});
