import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt } from "../../../lib/values.js";

export const awsEcrRepositoryKmsEncryption = resourceRule({
    name: "aws-ecr-repository-kms-encryption",
    description: "Repositories encrypt images with KMS rather than the default AES256.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.ecrRepository],
    validate: (props, _args, report) => {
        const configs = listAt(props, "encryptionConfigurations");
        if (!configs.some((c) => c["encryptionType"] === "KMS")) {
            report('Images are encrypted with AES256, not KMS: set encryptionConfigurations to [{ encryptionType: "KMS", kmsKey: <key ARN> }].');
        }
    },
});
