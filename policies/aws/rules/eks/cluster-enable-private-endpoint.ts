import { CLUSTER_TYPES, clusterField, endpointSettings } from "../../../lib/eks.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsEksClusterEnablePrivateEndpoint = resourceRule({
    name: "aws-eks-cluster-enable-private-endpoint",
    description: "The EKS API endpoint is reachable from inside the VPC, so nodes and pods never leave it to reach the control plane.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: CLUSTER_TYPES,
    validate: (props, args, report) => {
        if (endpointSettings(args.type, props)["endpointPrivateAccess"] !== true) {
            const field = clusterField(args.type, "endpointPrivateAccess", "vpcConfig.endpointPrivateAccess");
            report(`The private API endpoint is off: set ${field} to true so node and pod traffic to the API server stays in the VPC.`);
        }
    },
});
