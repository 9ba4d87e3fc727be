/**
 * ECR documents and names, as typed objects: the lifecycle policy, the cross-account pull
 * policy, the registry host and its login command. Pure functions, no Pulumi resources.
 */
import type * as aws from "@pulumi/aws";
import type { AwsContext } from "../aws-context.js";

/**
 * Pull an image: the repository actions of the AWS managed AmazonEC2ContainerRegistryPullOnly,
 * less `ecr:BatchImportUpstreamImage`, which only pull-through caches use.
 */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

/**
 * An ECR lifecycle policy (ECR user guide, "Lifecycle policy properties"). Typed here because
 * @pulumi/aws's `LifecyclePolicyDocument` has no `tagPatternList`, which a `tagged` rule that
 * should match every tag needs.
 */
export interface EcrLifecyclePolicy {
    readonly rules: EcrLifecycleRule[];
}

export interface EcrLifecycleRule {
    /** Unique; lower runs first. */
    readonly rulePriority: number;
    readonly description: string;
    readonly selection:
        | {
              readonly tagStatus: "untagged";
              readonly countType: "sinceImagePushed";
              readonly countUnit: "days";
              readonly countNumber: number;
          }
        | {
              readonly tagStatus: "tagged";
              /** ECR requires a pattern or prefix list on `tagged` rules; `*` matches every tag. */
              readonly tagPatternList: string[];
              readonly countType: "imageCountMoreThan";
              readonly countNumber: number;
          };
    readonly action: { readonly type: "expire" };
}

/**
 * Untagged images (left behind by a re-push or a failed build) expire after `untaggedDays`;
 * of tagged images the newest `keepTagged` stay. The two selections never overlap.
 */
export function lifecyclePolicy(keepTagged: number, untaggedDays: number): EcrLifecyclePolicy {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${untaggedDays} days after push`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the ${keepTagged} most recent tagged images`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTagged },
                action: { type: "expire" },
            },
        ],
    };
}

/** Lets the listed accounts pull, and nothing else: no push, no delete, no policy changes. */
export function crossAccountPullPolicy(ctx: Pick<AwsContext, "partition">, accountIds: readonly string[]): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CrossAccountPull",
                Effect: "Allow",
                Principal: { AWS: accountIds.map((id) => `arn:${ctx.partition}:iam::${id}:root`) },
                Action: [...ECR_PULL_ACTIONS],
            },
        ],
    };
}

/** `<account>.dkr.ecr.<region>.<dns suffix>`: the private registry of this account and region. */
export function registryHost(ctx: AwsContext): string {
    return `${ctx.accountId}.dkr.ecr.${ctx.region}.${ctx.dnsSuffix}`;
}

/** What a developer runs to `docker push` to this registry. */
export function dockerLoginCommand(ctx: AwsContext): string {
    return `aws ecr get-login-password --region ${ctx.region} | docker login --username AWS --password-stdin ${registryHost(ctx)}`;
}
