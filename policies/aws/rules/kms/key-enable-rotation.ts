import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsKmsKeyEnableRotation = resourceRule({
    name: "aws-kms-key-enable-rotation",
    description: "Symmetric KMS keys rotate their key material every year.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.kmsKey],
    validate: (props, _args, report) => {
        const spec = props["customerMasterKeySpec"] ?? props["keySpec"];
        // AWS rotates only symmetric encryption keys.
        if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return;
        if (props["enableKeyRotation"] !== true) report("Key rotation is off: set enableKeyRotation to true.");
    },
});
