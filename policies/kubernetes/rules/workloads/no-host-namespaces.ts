import { podRule } from "../../../lib/kubernetes.js";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const kubernetesWorkloadsNoHostNamespaces = podRule({
    name: "kubernetes-workloads-no-host-namespaces",
    description: "Pods do not share the node's network, process or IPC namespaces.",
    severity: "high",
    enforcementLevel: "mandatory",
    validatePod: (spec, report) => {
        const shared = HOST_NAMESPACES.filter((field) => spec[field] === true);
        if (shared.length > 0) report(`The pod shares the node's namespaces (${shared.join(", ")}): remove ${shared.join(", ")} from the pod spec.`);
    },
});
