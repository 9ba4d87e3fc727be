import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isTrue, listAt, objectAt } from "../../../lib/values.js";

export const awsEc2NoPublicIp = resourceRule({
    name: "aws-ec2-no-public-ip",
    description: "Nodes get no public IP address; they reach the internet through NAT and are reached through load balancers.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.launchTemplate, T.instance, T.ec2NodeClass],
    validate: (props, args, report) => {
        if (args.type === T.launchTemplate) {
            if (listAt(props, "networkInterfaces").some((ni) => isTrue(ni["associatePublicIpAddress"]))) {
                report('A network interface asks for a public IP: set networkInterfaces[].associatePublicIpAddress to "false" and place nodes in private subnets.');
            }
        } else if (args.type === T.instance) {
            if (isTrue(props["associatePublicIpAddress"])) report("The instance asks for a public IP: set associatePublicIpAddress to false and use a private subnet.");
        } else if (objectAt(props, "spec")?.["associatePublicIPAddress"] === true) {
            report("spec.associatePublicIPAddress is true: set it to false (or leave it out) so Karpenter nodes stay private.");
        }
    },
});
