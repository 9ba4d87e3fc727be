/**
 * IAM documents of third-party integration roles. Every statement names its resources: the
 * cluster's ARN, the stack's repositories, the SES identities. The only `*` resources are
 * the two actions AWS does not scope to a resource (ECR's auth token and STS bearer tokens).
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { ECR_PULL_ACTIONS } from "../registries/documents.js";

export { ECR_PULL_ACTIONS };

/** Push an image (ECR user guide, "IAM permissions for pushing an image": exactly its list). */
export const ECR_PUSH_ACTIONS = [
    "ecr:CompleteLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:InitiateLayerUpload",
    "ecr:BatchCheckLayerAvailability",
    "ecr:PutImage",
    "ecr:BatchGetImage",
] as const;

/** `docker login` to ECR; AWS supports only `*` for it (it names no repository). */
export const ECR_LOGIN_ACTION = "ecr:GetAuthorizationToken";

/** What `aws eks update-kubeconfig` needs, on this cluster only. */
export const EKS_DESCRIBE_ACTION = "eks:DescribeCluster";

/** Sending through SES (v1 API and v2 `SendEmail`, which authorises as `ses:SendEmail`). */
export const SES_SEND_ACTIONS = ["ses:SendEmail", "ses:SendRawEmail"] as const;

/**
 * STS bearer tokens are what CodeArtifact (not ECR) hands package managers: the IAM user guide,
 * "Service bearer tokens". The action takes only `*`; `sts:AWSServiceName` narrows it to the
 * services listed.
 */
export const BEARER_TOKEN_ACTION = "sts:GetServiceBearerToken";

/** Who may assume an integration role: the vendor's account, and only with the external ID. */
export function integrationTrustPolicy(
    ctx: Pick<AwsContext, "partition">,
    trustedAccountId: string,
    externalId: pulumi.Input<string>,
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "VendorWithExternalId",
                Effect: "Allow",
                Principal: { AWS: `arn:${ctx.partition}:iam::${trustedAccountId}:root` },
                Action: "sts:AssumeRole",
                // Confused-deputy protection: the vendor sends the ID it issued for us, not another customer's.
                Condition: { StringEquals: { "sts:ExternalId": externalId } },
            },
        ],
    };
}

export interface IntegrationPermissions {
    /** Repository ARNs it may pull from. */
    readonly pullRepositoryArns: readonly pulumi.Input<string>[];
    /** Repository ARNs it may push to. */
    readonly pushRepositoryArns: readonly pulumi.Input<string>[];
    /** This cluster's ARN, when it may describe it. */
    readonly describeClusterArn?: pulumi.Input<string>;
    /** SES identity ARNs it may send as. */
    readonly sesIdentityArns: readonly string[];
    /** Services it may get bearer tokens for. */
    readonly bearerTokenServices: readonly string[];
}

/** The permissions policy, or undefined when the integration has no AWS capability at all. */
export function integrationPolicy(p: IntegrationPermissions): aws.iam.PolicyDocument | undefined {
    const statements: aws.iam.PolicyStatement[] = [];
    if (p.pullRepositoryArns.length > 0 || p.pushRepositoryArns.length > 0) {
        statements.push({ Sid: "EcrLogin", Effect: "Allow", Action: ECR_LOGIN_ACTION, Resource: "*" });
    }
    if (p.pullRepositoryArns.length > 0) {
        statements.push({ Sid: "EcrPull", Effect: "Allow", Action: [...ECR_PULL_ACTIONS], Resource: [...p.pullRepositoryArns] });
    }
    if (p.pushRepositoryArns.length > 0) {
        statements.push({ Sid: "EcrPush", Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: [...p.pushRepositoryArns] });
    }
    if (p.describeClusterArn !== undefined) {
        statements.push({ Sid: "EksDescribeCluster", Effect: "Allow", Action: EKS_DESCRIBE_ACTION, Resource: p.describeClusterArn });
    }
    if (p.sesIdentityArns.length > 0) {
        statements.push({ Sid: "SesSend", Effect: "Allow", Action: [...SES_SEND_ACTIONS], Resource: [...p.sesIdentityArns] });
    }
    if (p.bearerTokenServices.length > 0) {
        statements.push({
            Sid: "ServiceBearerTokens",
            Effect: "Allow",
            Action: BEARER_TOKEN_ACTION,
            Resource: "*",
            Condition: { StringEquals: { "sts:AWSServiceName": [...p.bearerTokenServices] } },
        });
    }
    return statements.length > 0 ? { Version: "2012-10-17", Statement: statements } : undefined;
}

/** `arn:<partition>:ses:<region>:<account>:identity/<domain or address>`. */
export function sesIdentityArn(ctx: AwsContext, identity: string): string {
    return `arn:${ctx.partition}:ses:${ctx.region}:${ctx.accountId}:identity/${identity}`;
}
