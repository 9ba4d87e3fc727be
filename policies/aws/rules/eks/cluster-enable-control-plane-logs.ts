import { CLUSTER_TYPES } from "../../../lib/eks.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt } from "../../../lib/values.js";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const awsEksClusterEnableControlPlaneLogs = resourceRule({
    name: "aws-eks-cluster-enable-control-plane-logs",
    description: "All five EKS control-plane log types go to CloudWatch Logs.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: CLUSTER_TYPES,
    validate: (props, _args, report) => {
        const enabled = listAt(props, "enabledClusterLogTypes");
        const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            report(`Control-plane logs ${missing.join(", ")} are off: set enabledClusterLogTypes to ${JSON.stringify(CONTROL_PLANE_LOG_TYPES)}.`);
        }
    },
});
