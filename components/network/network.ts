import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkConfig } from "../../stacks/schema/network.js";
import type { AwsContext } from "../aws-context.js";
import { layoutSubnets, subnetTags } from "./layout.js";
import { scopedRoleArgs } from "../iam/scope.js";
import type { PlatformKeyArns } from "../kms/platform-keys.js";

export interface NetworkArgs {
    /** The `network` slice of the stack config (CIDR, AZ count, subnet sizes, NAT, flow logs). */
    readonly config: NetworkConfig;
    /** The cluster that will run in this VPC: subnets are tagged for its discovery. */
    readonly clusterName: string;
    /** AZs available to the account in this region, in order; the first `config.azCount` are used. */
    readonly availabilityZones: readonly string[];
    /** Account, partition and region. */
    readonly aws: AwsContext;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
    /** The platform's keys: the flow log group is encrypted with `logs`. @default AWS-owned encryption */
    readonly keys?: Pick<PlatformKeyArns, "logs">;
}

/**
 * A multi-AZ VPC for EKS: private subnets for nodes and pods, public subnets for
 * internet-facing load balancers, NAT per the tier, and flow logs to CloudWatch.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly availabilityZones: string[];
    readonly cidr: string;
    readonly privateSubnetCidrs: string[];
    readonly publicSubnetCidrs: string[];
    /** Addresses assignable to nodes and pods across the private subnets. */
    readonly privateIpCapacity: number;
    readonly flowLogGroupName: pulumi.Output<string>;
    /** The private subnets' default routes through NAT: what nodes need before they boot. */
    readonly egress: aws.ec2.Route[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:Network", name, {}, opts);
        const { config, clusterName } = args;
        const tags = args.tags ?? {};

        if (args.availabilityZones.length < config.azCount) {
            throw new pulumi.RunError(
                `network.azCount: ${config.azCount} AZs requested but ${args.aws.region} offers ${args.availabilityZones.length} ` +
                    `(${args.availabilityZones.join(", ")}); lower network.azCount`,
            );
        }
        const azs = args.availabilityZones.slice(0, config.azCount);
        const layout = layoutSubnets(config.cidr, config.azCount, config.privateSubnetPrefix, config.publicSubnetPrefix);

        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: config.cidr,
                availabilityZoneNames: azs,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                // Explicit CIDRs: the layout is computed and tested here, not inferred by the component.
                subnetStrategy: "Auto",
                subnetSpecs: [
                    { type: "Private", name: "private", cidrBlocks: layout.private, tags: { ...tags, ...subnetTags("private", clusterName) } },
                    { type: "Public", name: "public", cidrBlocks: layout.public, tags: { ...tags, ...subnetTags("public", clusterName) } },
                ],
                // NAT is built below, outside the component: a component's outputs wait for all of
                // its children, and NAT gateways (minutes) would hold the subnet ids, and with them
                // the EKS control plane, back for no reason.
                natGateways: { strategy: "None" },
                tags: { ...tags, Name: `${name}-vpc` },
            },
            { parent: this },
        );

        this.egress = this.natRoutes(name, vpc, azs, config.natGateways, tags);

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { name: `/aws/vpc/${clusterName}/flow-logs`, retentionInDays: config.flowLogs.retentionDays, kmsKeyId: args.keys?.logs, tags },
            { parent: this },
        );

        const flowLogRole = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                ...scopedRoleArgs(args.aws),
                description: `VPC flow logs of ${clusterName} write to CloudWatch Logs`,
                assumeRolePolicy: pulumi.jsonStringify(flowLogTrustPolicy(args.aws)),
                tags,
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: flowLogRole.name,
                policy: pulumi.jsonStringify(flowLogWritePolicy(logGroup.arn)),
            },
            { parent: this },
        );

        new aws.ec2.FlowLog(
            `${name}-flow-logs`,
            {
                vpcId: vpc.vpcId,
                trafficType: config.flowLogs.trafficType,
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: flowLogRole.arn,
                // One-minute aggregation: the 10-minute default hides short bursts when debugging.
                maxAggregationInterval: 60,
                tags: { ...tags, Name: `${name}-flow-logs` },
            },
            { parent: this },
        );

        this.vpcId = vpc.vpcId;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.availabilityZones = azs;
        this.cidr = config.cidr;
        this.privateSubnetCidrs = layout.private;
        this.publicSubnetCidrs = layout.public;
        this.privateIpCapacity = layout.privateIpCapacity;
        this.flowLogGroupName = logGroup.name;
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            availabilityZones: this.availabilityZones,
            cidr: this.cidr,
        });
    }

    /** NAT gateways in the public subnets and a default route from each private subnet to one. */
    private natRoutes(
        name: string,
        vpc: awsx.ec2.Vpc,
        azs: string[],
        strategy: NetworkConfig["natGateways"],
        tags: Record<string, string>,
    ): aws.ec2.Route[] {
        const gatewayCount = strategy === "onePerAz" ? azs.length : 1;
        const gateways = Array.from({ length: gatewayCount }, (_, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i + 1}`, { domain: "vpc", tags: { ...tags, Name: `${name}-nat-${azs[i]}` } }, { parent: this });
            return new aws.ec2.NatGateway(
                `${name}-nat-${i + 1}`,
                {
                    allocationId: eip.allocationId,
                    subnetId: vpc.publicSubnetIds.apply((ids) => ids[i]!),
                    connectivityType: "public",
                    tags: { ...tags, Name: `${name}-nat-${azs[i]}` },
                },
                { parent: this },
            );
        });
        return azs.map((az, i) => {
            const routeTableId = aws.ec2
                .getRouteTableOutput({ subnetId: vpc.privateSubnetIds.apply((ids) => ids[i]!) }, { parent: this })
                .apply((table) => table.routeTableId);
            return new aws.ec2.Route(
                `${name}-private-${i + 1}-default`,
                { routeTableId, destinationCidrBlock: "0.0.0.0/0", natGatewayId: gateways[natGatewayForAz(strategy, i)]!.id },
                { parent: this },
            );
        });
    }
}

/** Which NAT gateway each AZ's private subnet routes through: its own, or the first AZ's. */
export function natGatewayForAz(strategy: NetworkConfig["natGateways"], azIndex: number): number {
    return strategy === "onePerAz" ? azIndex : 0;
}

/** Only the flow-logs service may assume the role, and only for flow logs of this account and region. */
export function flowLogTrustPolicy(ctx: AwsContext): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ctx.accountId },
                    ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/*` },
                },
            },
        ],
    };
}

/** Write access to the one log group, nothing else. */
export function flowLogWritePolicy(logGroupArn: pulumi.Input<string>): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
            },
            {
                // DescribeLogGroups does not support resource-level permissions.
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            },
        ],
    };
}
