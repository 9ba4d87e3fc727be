import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, isUnknown, listAt, objectAt, peek } from "../../../lib/values.js";

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export const awsEksClusterRequireSecretsEncryption = resourceRule({
    name: "aws-eks-cluster-require-secrets-encryption",
    description: "Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.eksComponentCluster, T.eksCluster],
    validate: (props, args, report) => {
        // The key ARN is usually the output of a key created in the same stack: unknown during a
        // first preview. Presence is enough there; the ARN's shape is checked once it is known.
        const holder = args.type === T.eksComponentCluster ? props : objectAt(objectAt(props, "encryptionConfig"), "provider");
        const field = args.type === T.eksComponentCluster ? "encryptionConfigKeyArn" : "encryptionConfig.provider.keyArn";
        const key = args.type === T.eksComponentCluster ? "encryptionConfigKeyArn" : "keyArn";
        if (!holder || !isSet(holder, key)) {
            report(`Secrets are not encrypted with a KMS key: set ${field} to the ARN of a customer-managed KMS key.`);
            return;
        }
        const arn = peek(holder, key);
        if (!isUnknown(arn) && (typeof arn !== "string" || !KMS_KEY_ARN.test(arn))) {
            report(`${field} ${JSON.stringify(arn)} is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key-id> (an alias ARN is not accepted).`);
        }
        if (args.type === T.eksCluster) {
            const resources = listAt(objectAt(props, "encryptionConfig"), "resources");
            if (!resources.includes("secrets")) {
                report(`encryptionConfig.resources does not include "secrets": set it to ["secrets"].`);
            }
        }
    },
});
