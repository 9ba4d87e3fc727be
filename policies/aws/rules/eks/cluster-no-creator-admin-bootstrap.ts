import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

export const awsEksClusterNoCreatorAdminBootstrap = resourceRule({
    name: "aws-eks-cluster-no-creator-admin-bootstrap",
    description: "The identity that creates the cluster is not silently made cluster admin; admins come from explicit access entries.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.eksCluster],
    validate: (props, _args, report) => {
        // EKS defaults this to true when accessConfig or the flag is absent.
        if (objectAt(props, "accessConfig")?.["bootstrapClusterCreatorAdminPermissions"] !== false) {
            report(
                "The cluster creator gets cluster-admin through a hidden access entry: set accessConfig.bootstrapClusterCreatorAdminPermissions to false and grant admins with access entries.",
            );
        }
    },
});
