import { customerKeyProblem, keyMessage } from "../../../lib/kms.js";
import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { peek } from "../../../lib/values.js";

export const awsSecretsmanagerSecretCustomerKey = resourceRule({
    name: "aws-secretsmanager-secret-customer-key",
    description: "Secrets Manager secrets are encrypted with the platform's customer-managed key: under aws/secretsmanager anyone with GetSecretValue reads them.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.secretsManagerSecret],
    validate: (props, _args, report) => {
        const value = peek(props, "kmsKeyId");
        const problem = customerKeyProblem(value);
        if (problem) report(keyMessage("The secret", "kmsKeyId", problem, value, "secretsManager"));
    },
});
