import { customerKeyProblem, keyMessage } from "../../../lib/kms.js";
import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { peek } from "../../../lib/values.js";

export const awsCloudwatchLogGroupCustomerKey = resourceRule({
    name: "aws-cloudwatch-log-group-customer-key",
    description: "Log groups (control plane, flow logs, add-ons) are encrypted with the platform's customer-managed logs key, never an AWS-managed one.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.logGroup],
    validate: (props, _args, report) => {
        const value = peek(props, "kmsKeyId");
        const problem = customerKeyProblem(value);
        if (problem) report(keyMessage("The log group", "kmsKeyId", problem, value, "logs"));
    },
});
