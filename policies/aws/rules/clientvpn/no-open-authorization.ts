import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isUnknown, peek } from "../../../lib/values.js";

/** A CIDR that covers every IPv4 or IPv6 address: a /0. */
const EVERYWHERE = /\/0$/;

export const awsClientVpnNoOpenAuthorization = resourceRule({
    name: "aws-clientvpn-no-open-authorization",
    description: "A Client VPN authorization rule names the networks VPN clients may reach, never 0.0.0.0/0: the VPN is a way into the VPC, not a way out to the internet.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.clientVpnAuthorizationRule],
    validate: (props, _args, report) => {
        const target = peek(props, "targetNetworkCidr");
        if (typeof target !== "string" || isUnknown(target)) return;
        if (EVERYWHERE.test(target.trim())) {
            report(`targetNetworkCidr ${target} authorizes VPN clients to every address: authorize the VPC CIDR (or the subnets operators need) instead.`);
        }
    },
});
