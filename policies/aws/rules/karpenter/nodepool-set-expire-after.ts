import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, valueAt } from "../../../lib/values.js";

export const awsKarpenterNodepoolSetExpireAfter = resourceRule({
    name: "aws-karpenter-nodepool-set-expire-after",
    description: "Every NodePool retires its nodes after a set time, so nodes pick up new AMIs and patches.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.nodePool],
    validate: (props, _args, report) => {
        const nodeSpec = valueAt(props, ["spec", "template", "spec"]);
        if (!isSet(nodeSpec, "expireAfter")) {
            report('spec.template.spec.expireAfter is not set: set it (e.g. "720h") so nodes are replaced regularly.');
        } else if ((nodeSpec as Record<string, unknown>)["expireAfter"] === "Never") {
            report('spec.template.spec.expireAfter is "Never", so nodes are never replaced: set a duration such as "720h".');
        }
    },
});
