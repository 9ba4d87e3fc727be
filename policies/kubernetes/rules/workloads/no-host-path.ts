import { podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt } from "../../../lib/values.js";

export const kubernetesWorkloadsNoHostPath = resourceRule({
    name: "kubernetes-workloads-no-host-path",
    description: "Pods mount no hostPath volumes (the node's filesystem).",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const volume of listAt(spec, "volumes")) {
            if (volume["hostPath"] !== undefined) {
                report(`Volume ${String(volume["name"])} mounts the node's ${String(volume["hostPath"]?.["path"])}: use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.`);
            }
        }
    },
});
