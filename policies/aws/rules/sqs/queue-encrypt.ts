import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet } from "../../../lib/values.js";

export const awsSqsQueueEncrypt = resourceRule({
    name: "aws-sqs-queue-encrypt",
    description: "SQS queues encrypt messages at rest (SQS-managed SSE or a KMS key).",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.sqsQueue],
    validate: (props, _args, report) => {
        if (props["sqsManagedSseEnabled"] !== true && !isSet(props, "kmsMasterKeyId")) {
            report("Messages are not encrypted at rest: set sqsManagedSseEnabled to true, or kmsMasterKeyId to a KMS key.");
        }
    },
});
