import { podRule } from "../../../lib/kubernetes.js";
import { listAt } from "../../../lib/values.js";

export const kubernetesWorkloadsNoHostPath = podRule({
    name: "kubernetes-workloads-no-host-path",
    description: "Pods mount no hostPath volumes (the node's filesystem).",
    severity: "high",
    enforcementLevel: "mandatory",
    validatePod: (spec, report) => {
        for (const volume of listAt(spec, "volumes")) {
            if (volume["hostPath"] !== undefined) {
                report(`Volume ${String(volume["name"])} mounts the node's ${String(volume["hostPath"]?.["path"])}: use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.`);
            }
        }
    },
});
