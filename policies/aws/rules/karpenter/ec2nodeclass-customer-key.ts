import { customerKeyProblem, keyMessage } from "../../../lib/kms.js";
import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt, objectAt, peek } from "../../../lib/values.js";

export const awsKarpenterEc2nodeclassCustomerKey = resourceRule({
    name: "aws-karpenter-ec2nodeclass-customer-key",
    description: "Karpenter's EC2NodeClass maps its volumes, each encrypted with the platform's customer-managed EBS key, never aws/ebs.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.ec2NodeClass],
    validate: (props, _args, report) => {
        const mappings = listAt(objectAt(props, "spec"), "blockDeviceMappings");
        if (mappings.length === 0) {
            report("No blockDeviceMappings, so Karpenter's default root volume takes the account's default EBS key: map the root volume with ebs.kmsKeyID set to the platform's ebs key.");
        }
        for (const mapping of mappings) {
            const ebs = objectAt(mapping, "ebs");
            const value = ebs ? peek(ebs, "kmsKeyID") : undefined;
            const problem = customerKeyProblem(value);
            if (problem) report(keyMessage(`Volume ${String(mapping["deviceName"])}`, "ebs.kmsKeyID", problem, value, "ebs"));
        }
    },
});
