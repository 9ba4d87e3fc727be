import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet } from "../../../lib/values.js";

export const awsKmsKeyRequireDescription = resourceRule({
    name: "aws-kms-key-require-description",
    description: "Every KMS key says what it protects, so nobody schedules its deletion by mistake.",
    severity: "low",
    enforcementLevel: "mandatory",
    resourceTypes: [T.kmsKey],
    validate: (props, _args, report) => {
        if (!isSet(props, "description")) report("The key has no description: say what it encrypts (e.g. \"Secrets of EKS cluster eks-prod\").");
    },
});
