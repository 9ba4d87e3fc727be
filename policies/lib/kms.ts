/**
 * Which KMS key a resource names. AWS-managed keys (`alias/aws/<service>`) cannot have their key
 * policy changed, so anyone in the account the service lets in can decrypt; the platform keeps
 * data at rest under its own keys. Unknown values (a key created in the same update) are taken as
 * customer-managed: an AWS-managed key is always named by a literal alias.
 */
import { isUnknown } from "./values.js";

/** `alias/aws/ebs`, `arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs`, ... */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

export type KeyProblem = "none" | "aws-managed";

/** Why the key value is not a customer-managed key, or undefined when it is (or will be). */
export function customerKeyProblem(value: unknown): KeyProblem | undefined {
    if (value === undefined || value === null || value === "") return "none";
    if (isUnknown(value)) return undefined;
    if (typeof value !== "string") return "none";
    return AWS_MANAGED_ALIAS.test(value) ? "aws-managed" : undefined;
}

/** The message for a problem: what is wrong and what to write instead. */
export function keyMessage(subject: string, field: string, problem: KeyProblem, value: unknown, platformKey: string): string {
    return problem === "none"
        ? `${subject} sets no ${field}, so AWS encrypts it with an AWS-managed key: set ${field} to the platform's ${platformKey} key (PlatformKeys in components/kms/).`
        : `${subject} uses the AWS-managed key ${String(value)}, whose policy no one can narrow: set ${field} to the platform's ${platformKey} key (PlatformKeys in components/kms/).`;
}
