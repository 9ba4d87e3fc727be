import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt, objectAt, valueAt } from "../../../lib/values.js";

/** Instance categories whose EC2 families carry NVIDIA GPUs. */
const GPU_CATEGORIES = new Set(["g", "p"]);
/** Karpenter labels that only GPU instances have (karpenter-provider-aws pkg/apis/v1/labels.go). */
const GPU_LABELS = new Set([
    "karpenter.k8s.aws/instance-gpu-count",
    "karpenter.k8s.aws/instance-gpu-manufacturer",
    "karpenter.k8s.aws/instance-gpu-name",
    "karpenter.k8s.aws/instance-gpu-memory",
]);
export const GPU_TAINT_KEY = "nvidia.com/gpu";

/** Why a NodePool launches GPU instances, or undefined when it does not. */
function gpuReason(spec: Record<string, any> | undefined): string | undefined {
    if (valueAt(spec, ["limits", GPU_TAINT_KEY]) !== undefined) {
        return `it limits ${GPU_TAINT_KEY}`;
    }
    for (const r of listAt(valueAt(spec, ["template", "spec"]), "requirements")) {
        if (r?.key === "karpenter.k8s.aws/instance-category" && r?.operator === "In" && listAt(r, "values").some((v: unknown) => GPU_CATEGORIES.has(String(v)))) {
            return `it selects instance categories ${listAt(r, "values").join(", ")}`;
        }
        if (GPU_LABELS.has(String(r?.key)) && r?.operator !== "DoesNotExist" && r?.operator !== "NotIn") return `it requires ${String(r.key)}`;
    }
    return undefined;
}

export const awsKarpenterGpuNodepoolTainted = resourceRule({
    name: "aws-karpenter-gpu-nodepool-tainted",
    description: "A NodePool that launches GPU instances taints them nvidia.com/gpu with NoSchedule, so only pods that tolerate it (GPU workloads) land on the most expensive nodes.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.nodePool],
    validate: (props, _args, report) => {
        const spec = objectAt(props, "spec");
        const reason = gpuReason(spec);
        if (!reason) return;
        const tainted = listAt(valueAt(spec, ["template", "spec"]), "taints").some((t) => t?.key === GPU_TAINT_KEY && t?.effect === "NoSchedule");
        if (!tainted) {
            report(`The NodePool launches GPU instances (${reason}) without the taint ${GPU_TAINT_KEY}=true:NoSchedule: add it to spec.template.spec.taints.`);
        }
    },
});
