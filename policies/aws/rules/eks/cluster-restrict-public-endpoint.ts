import { CLUSTER_TYPES, clusterField, endpointSettings, publicEndpointOn } from "../../../lib/eks.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt } from "../../../lib/values.js";

const OPEN = ["0.0.0.0/0", "::/0"];

export const awsEksClusterRestrictPublicEndpoint = resourceRule({
    name: "aws-eks-cluster-restrict-public-endpoint",
    description: "An EKS API endpoint is private, or public only to an allowlist of CIDRs that does not include 0.0.0.0/0.",
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: CLUSTER_TYPES,
    validate: (props, args, report) => {
        const endpoint = endpointSettings(args.type, props);
        if (!publicEndpointOn(endpoint)) return;
        const field = clusterField(args.type, "publicAccessCidrs", "vpcConfig.publicAccessCidrs");
        const cidrs = listAt(endpoint, "publicAccessCidrs");
        if (cidrs.length === 0) {
            report(`The public API endpoint is open to 0.0.0.0/0 (no ${field}): list your office/VPN CIDRs in ${field} or turn the public endpoint off.`);
            return;
        }
        const open = cidrs.filter((c) => OPEN.includes(c));
        if (open.length > 0) {
            report(`The public API endpoint allows ${open.join(", ")}: replace it in ${field} with your office/VPN CIDRs or turn the public endpoint off.`);
        }
    },
});
