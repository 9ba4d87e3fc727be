import { CLUSTER_TYPES } from "../../../lib/eks.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsEksClusterEnableDeletionProtection = resourceRule({
    name: "aws-eks-cluster-enable-deletion-protection",
    description: "EKS deletion protection is on, so the cluster cannot be deleted by a stray destroy or replacement.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: CLUSTER_TYPES,
    validate: (props, _args, report) => {
        if (props["deletionProtection"] !== true) {
            report("Deletion protection is off: set deletionProtection to true (cluster.deletionProtection in the stack config).");
        }
    },
});
