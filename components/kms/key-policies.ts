import type * as aws from "@pulumi/aws";
import type { AwsContext } from "../aws-context.js";

/**
 * Key policies of the platform's customer-managed keys. Each starts with the account root
 * statement of the default key policy (the key stays manageable, and IAM policies decide for
 * principals of the account), then names the AWS service that encrypts with the key, as the
 * service's documentation gives it.
 */

/** The purposes the platform keeps its own keys for, with the alias suffix of each. */
export const PLATFORM_KEY_PURPOSES = {
    /** CloudWatch log groups: control plane, VPC flow logs, and any group an add-on writes. */
    logs: "logs",
    /** EBS volumes of nodes: the system launch template's root volume, Karpenter's block devices. */
    ebs: "ebs",
    /** Secrets Manager secrets the platform writes (the dashboard credentials). */
    secretsManager: "secretsmanager",
} as const;
export type PlatformKeyPurpose = keyof typeof PLATFORM_KEY_PURPOSES;

/** `alias/eks/<cluster>/<purpose>`: the alias, known before the key exists. */
export function platformKeyAlias(clusterName: string, purpose: PlatformKeyPurpose): string {
    return `alias/eks/${clusterName}/${PLATFORM_KEY_PURPOSES[purpose]}`;
}

/** The alias's ARN: EBS block device mappings accept it in place of the key's ARN. */
export function platformKeyAliasArn(ctx: Pick<AwsContext, "partition" | "region" | "accountId">, clusterName: string, purpose: PlatformKeyPurpose): string {
    return `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:${platformKeyAlias(clusterName, purpose)}`;
}

function accountRoot(ctx: Pick<AwsContext, "partition" | "accountId">): aws.iam.PolicyStatement {
    return {
        Sid: "AccountAdministersTheKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/**
 * CloudWatch Logs encrypts with the key only for log groups of this account and region (CloudWatch
 * Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS": the regional logs service
 * principal, limited by the `kms:EncryptionContext:aws:logs:arn` condition). Any log group of the
 * account and region, so add-ons' groups need no key policy change.
 */
export function logsKeyPolicy(ctx: AwsContext): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            accountRoot(ctx),
            {
                Sid: "CloudWatchLogsOfThisAccountAndRegion",
                Effect: "Allow",
                Principal: { Service: `logs.${ctx.region}.${ctx.dnsSuffix}` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*` },
                },
            },
        ],
    };
}

const EBS_KEY_USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/** The EC2 Auto Scaling service-linked role: it launches the managed node group's instances. */
export function autoScalingServiceLinkedRoleArn(ctx: Pick<AwsContext, "partition" | "accountId">): string {
    return `arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * Node volumes. Two launchers use the key, each through EC2:
 * - the EC2 Auto Scaling service-linked role, for the managed node group (EC2 Auto Scaling user
 *   guide, "Required AWS KMS key policy for use with encrypted volumes": use of the key, and
 *   `kms:CreateGrant` only for AWS resources). It is matched by `aws:PrincipalArn` rather than
 *   named as the principal: KMS refuses a policy naming a role that does not exist yet, and a
 *   fresh account has no Auto Scaling role until its first group;
 * - the platform's own roles (Karpenter's controller launches through CreateFleet, the EBS CSI
 *   driver creates volumes), by their IAM path, only via EC2 in this region: Karpenter 1.14's
 *   troubleshooting guide ("Node terminates before ready on failed encrypted EBS volume") gives
 *   this policy for the whole account; here it is the platform's roles only.
 * Nodes themselves never call KMS: EC2 uses the grants to attach the volumes.
 */
export function ebsKeyPolicy(ctx: AwsContext, platformRolePath: string): aws.iam.PolicyDocument {
    const inAccount = { "kms:CallerAccount": ctx.accountId };
    const autoScaling = autoScalingServiceLinkedRoleArn(ctx);
    const platformRoles = `arn:${ctx.partition}:iam::${ctx.accountId}:role${platformRolePath}*`;
    const viaEc2 = `ec2.${ctx.region}.${ctx.dnsSuffix}`;
    return {
        Version: "2012-10-17",
        Statement: [
            accountRoot(ctx),
            {
                Sid: "AutoScalingUsesTheKey",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: EBS_KEY_USE,
                Resource: "*",
                Condition: { StringEquals: { ...inAccount, "aws:PrincipalArn": autoScaling } },
            },
            {
                Sid: "AutoScalingAttachesVolumes",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { StringEquals: { ...inAccount, "aws:PrincipalArn": autoScaling }, Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "PlatformRolesThroughEc2",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: [...EBS_KEY_USE, "kms:CreateGrant"],
                Resource: "*",
                Condition: { StringEquals: { ...inAccount, "kms:ViaService": viaEc2 }, ArnLike: { "aws:PrincipalArn": platformRoles } },
            },
        ],
    };
}

/**
 * Secrets Manager secrets: the account root statement only, on purpose. Under the AWS managed
 * `aws/secretsmanager` key anyone in the account with `secretsmanager:GetSecretValue` reads the
 * secret; under this key a reader also needs `kms:Decrypt` on it from an IAM policy.
 */
export function secretsManagerKeyPolicy(ctx: AwsContext): aws.iam.PolicyDocument {
    return { Version: "2012-10-17", Statement: [accountRoot(ctx)] };
}
