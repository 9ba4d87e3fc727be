import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, listAt } from "../../../lib/values.js";

export const awsEc2SecurityGroupRuleDescriptions = resourceRule({
    name: "aws-ec2-security-group-rule-descriptions",
    description: "Every security group rule says why it exists.",
    severity: "low",
    enforcementLevel: "advisory",
    resourceTypes: [T.securityGroup, T.securityGroupRule, T.vpcIngressRule, T.vpcEgressRule],
    validate: (props, args, report) => {
        if (args.type === T.securityGroup) {
            for (const direction of ["ingress", "egress"]) {
                listAt(props, direction).forEach((r, i) => {
                    if (!isSet(r, "description")) report(`${direction}[${i}] has no description: say what the rule is for in its description.`);
                });
            }
        } else if (!isSet(props, "description")) {
            report("The rule has no description: say what it is for in description.");
        }
    },
});
