import { customerKeyProblem, keyMessage } from "../../../lib/kms.js";
import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt, objectAt, peek } from "../../../lib/values.js";

export const awsEc2LaunchTemplateCustomerKey = resourceRule({
    name: "aws-ec2-launch-template-customer-key",
    description: "Every EBS volume a launch template maps is encrypted with the platform's customer-managed EBS key, never aws/ebs.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.launchTemplate],
    validate: (props, _args, report) => {
        for (const mapping of listAt(props, "blockDeviceMappings")) {
            const ebs = objectAt(mapping, "ebs");
            if (!ebs) continue;
            const value = peek(ebs, "kmsKeyId");
            const problem = customerKeyProblem(value);
            if (problem) report(keyMessage(`Volume ${String(mapping["deviceName"])}`, "ebs.kmsKeyId", problem, value, "ebs"));
        }
    },
});
