import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, objectAt } from "../../../lib/values.js";

export const awsKarpenterNodepoolSetConsolidationPolicy = resourceRule({
    name: "aws-karpenter-nodepool-set-consolidation-policy",
    description: "Every NodePool states how Karpenter consolidates its nodes, rather than relying on the CRD default.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.nodePool],
    validate: (props, _args, report) => {
        const disruption = objectAt(objectAt(props, "spec"), "disruption");
        if (!disruption || !isSet(disruption, "consolidationPolicy")) {
            report("spec.disruption.consolidationPolicy is not set: set it to WhenEmptyOrUnderutilized (or WhenEmpty) with a consolidateAfter.");
        }
    },
});
