import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, objectAt } from "../../../lib/values.js";

export const awsKarpenterNodepoolSetLimits = resourceRule({
    name: "aws-karpenter-nodepool-set-limits",
    description: "Every NodePool caps the CPU and memory it may provision, so a runaway deployment cannot scale the bill without bound.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.nodePool],
    validate: (props, _args, report) => {
        const limits = objectAt(objectAt(props, "spec"), "limits");
        const missing = ["cpu", "memory"].filter((r) => !limits || !isSet(limits, r));
        if (missing.length > 0) {
            report(`spec.limits has no ${missing.join(" or ")} limit: set spec.limits.cpu and spec.limits.memory (e.g. cpu: "1000", memory: 1000Gi).`);
        }
    },
});
