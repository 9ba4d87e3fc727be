import { T } from "../../../lib/types.js";
import { WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { isUnknown, objectAt, peek } from "../../../lib/values.js";

export const kubernetesWorkloadsNoDefaultNamespace = resourceRule({
    name: "kubernetes-workloads-no-default-namespace",
    description: "Workloads and Helm releases live in their own namespace, never in default.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [...WORKLOAD_TYPES, T.helmRelease],
    validate: (props, args, report) => {
        const field = args.type === T.helmRelease ? "namespace" : "metadata.namespace";
        const own = args.type === T.helmRelease ? peek(props, "namespace") : peek(objectAt(props, "metadata"), "namespace");
        // Unknown during preview means it comes from a Namespace the stack creates, and the
        // stack cannot create "default" (it always exists).
        if (isUnknown(own)) return;
        // Without a namespace the provider's own namespace applies, and "default" without one.
        const namespace = own ?? args.provider?.props["namespace"] ?? "default";
        if (namespace === "default") report(`It would run in the default namespace: set ${field} to the namespace of its team or component.`);
    },
});
