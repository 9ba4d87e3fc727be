import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import type { AddonSpec } from "../cluster/addon-specs.js";
import { ClusterAddons } from "../cluster/addons.js";

/**
 * The log groups the add-on writes: Fluent Bit's application, dataplane and host logs (chart
 * values.yaml at amazon-cloudwatch-observability-6.4.0, `log_group_name`) and the agent's
 * Container Insights performance events.
 */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ["application", "dataplane", "host", "performance"] as const;

export function containerInsightsLogGroupName(clusterName: string, kind: (typeof CONTAINER_INSIGHTS_LOG_GROUPS)[number]): string {
    return `/aws/containerinsights/${clusterName}/${kind}`;
}

/** The add-on runs the agent and Fluent Bit in `amazon-cloudwatch` as `cloudwatch-agent` (CloudWatch user guide). */
export const CLOUDWATCH_NAMESPACE = "amazon-cloudwatch";
export const CLOUDWATCH_SERVICE_ACCOUNT = "cloudwatch-agent";
export const CLOUDWATCH_AGENT_POLICY = "CloudWatchAgentServerPolicy";

export function cloudwatchAddonSpec(version: string): AddonSpec {
    return {
        name: "amazon-cloudwatch-observability",
        version,
        phase: "afterNodes",
        podIdentity: { serviceAccount: CLOUDWATCH_SERVICE_ACCOUNT, namespace: CLOUDWATCH_NAMESPACE, managedPolicy: CLOUDWATCH_AGENT_POLICY },
    };
}

export interface CloudWatchObservabilityArgs {
    /** The cluster name: log group names and the trust policy's session tag. */
    readonly clusterName: string;
    /** The live cluster's name output, so the add-on waits for the control plane. */
    readonly cluster: pulumi.Input<string>;
    /** The add-on version for the cluster's Kubernetes version (`domain/addon-matrix.ts`). */
    readonly addonVersion: string;
    /** Retention of every Container Insights log group. */
    readonly logRetentionDays: number;
    /** What the add-on's pods need to schedule (the system node group). */
    readonly nodes: pulumi.Input<pulumi.Resource>[];
    readonly aws: AwsContext;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * Container Insights with enhanced observability and Fluent Bit logs, through the
 * amazon-cloudwatch-observability managed add-on. Its log groups are created here first, with
 * retention: Fluent Bit's `auto_create_group` would otherwise make them with none, forever.
 */
export class CloudWatchObservability extends pulumi.ComponentResource {
    readonly addon: aws.eks.Addon;
    readonly logGroups: aws.cloudwatch.LogGroup[];

    constructor(name: string, args: CloudWatchObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:CloudWatchObservability", name, {}, opts);
        const tags = args.tags ?? {};

        this.logGroups = CONTAINER_INSIGHTS_LOG_GROUPS.map(
            (kind) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${kind}`,
                    { name: containerInsightsLogGroupName(args.clusterName, kind), retentionInDays: args.logRetentionDays, tags },
                    { parent: this },
                ),
        );
        // Pod Identity through the add-on's podIdentityAssociations: the agent's first pods get credentials.
        const addons = new ClusterAddons(
            `${name}-addon`,
            {
                clusterName: args.clusterName,
                cluster: args.cluster,
                specs: [cloudwatchAddonSpec(args.addonVersion)],
                aws: args.aws,
                addonsAfter: [...this.logGroups, ...args.nodes],
                tags,
            },
            { parent: this },
        );
        this.addon = addons.addons["amazon-cloudwatch-observability"]!;

        this.registerOutputs({ logGroups: this.logGroups.map((g) => g.name) });
    }
}
