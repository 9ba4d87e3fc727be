import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import {
    ebsKeyPolicy,
    logsKeyPolicy,
    PLATFORM_KEY_PURPOSES,
    platformKeyAlias,
    platformKeyAliasArn,
    type PlatformKeyPurpose,
    secretsManagerKeyPolicy,
} from "./key-policies.js";

/**
 * What components take from the platform's keys (`keys?: PlatformKeyArns` in their Args). A new
 * log group sets `kmsKeyId: args.keys?.logs`; the policy rules refuse one without a customer key.
 */
export interface PlatformKeyArns {
    readonly logs: pulumi.Input<string>;
    readonly ebs: pulumi.Input<string>;
    readonly ebsAliasArn: string;
    readonly ebsAlias: pulumi.Resource;
    readonly secretsManager: pulumi.Input<string>;
}

export interface PlatformKeysArgs {
    /** The cluster's name: part of each alias and description. */
    readonly clusterName: string;
    readonly aws: AwsContext;
    /** Protect the keys from deletion (data encrypted under a deleted key is lost). @default false */
    readonly protect?: boolean;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

const DESCRIPTIONS: Record<PlatformKeyPurpose, (cluster: string) => string> = {
    logs: (c) => `CloudWatch log groups of EKS cluster ${c}: control plane, VPC flow logs, add-ons`,
    ebs: (c) => `EBS volumes of the nodes of EKS cluster ${c}: system node group and Karpenter`,
    secretsManager: (c) => `Secrets Manager secrets and SSM SecureString parameters of EKS cluster ${c}`,
};

/**
 * The platform's own KMS keys, one per kind of data at rest, rotated yearly, each with the key
 * policy its AWS service documents (key-policies.ts). Built first by the composition root and
 * handed to every component that stores such data: a log group sets `kmsKeyId: keys.logs`.
 */
export class PlatformKeys extends pulumi.ComponentResource implements PlatformKeyArns {
    /** Key ARN for `aws.cloudwatch.LogGroup.kmsKeyId`. */
    readonly logs: pulumi.Output<string>;
    /** Key ARN for launch templates' `ebs.kmsKeyId`. */
    readonly ebs: pulumi.Output<string>;
    /** Alias ARN of the EBS key, known at preview, for Karpenter's EC2NodeClass `kmsKeyID`. */
    readonly ebsAliasArn: string;
    /** The EBS key's alias resource: whatever names the alias ARN waits for it. */
    readonly ebsAlias: aws.kms.Alias;
    /** Key ARN for `aws.secretsmanager.Secret.kmsKeyId`. */
    readonly secretsManager: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:kms:PlatformKeys", name, {}, opts);
        const tags = args.tags ?? {};
        const ctx = args.aws;
        const policies: Record<PlatformKeyPurpose, aws.iam.PolicyDocument> = {
            logs: logsKeyPolicy(ctx),
            // Without a scope (single-component tests) the platform's roles sit at the root path.
            ebs: ebsKeyPolicy(ctx, ctx.iam?.path ?? "/"),
            secretsManager: secretsManagerKeyPolicy(ctx),
        };
        const keys = Object.fromEntries(
            (Object.keys(PLATFORM_KEY_PURPOSES) as PlatformKeyPurpose[]).map((purpose) => {
                const key = new aws.kms.Key(
                    `${name}-${PLATFORM_KEY_PURPOSES[purpose]}`,
                    {
                        description: DESCRIPTIONS[purpose](args.clusterName),
                        enableKeyRotation: true,
                        deletionWindowInDays: 30,
                        policy: pulumi.jsonStringify(policies[purpose]),
                        tags,
                    },
                    { parent: this, protect: args.protect ?? false },
                );
                const alias = new aws.kms.Alias(
                    `${name}-${PLATFORM_KEY_PURPOSES[purpose]}`,
                    { name: platformKeyAlias(args.clusterName, purpose), targetKeyId: key.keyId },
                    { parent: this },
                );
                return [purpose, { key, alias }] as const;
            }),
        ) as Record<PlatformKeyPurpose, { key: aws.kms.Key; alias: aws.kms.Alias }>;

        this.logs = keys.logs.key.arn;
        this.ebs = keys.ebs.key.arn;
        this.ebsAliasArn = platformKeyAliasArn(ctx, args.clusterName, "ebs");
        this.ebsAlias = keys.ebs.alias;
        this.secretsManager = keys.secretsManager.key.arn;
        this.registerOutputs({ logs: this.logs, ebs: this.ebs, ebsAliasArn: this.ebsAliasArn, secretsManager: this.secretsManager });
    }
}
