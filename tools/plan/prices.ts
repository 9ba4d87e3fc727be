/**
 * On-demand list prices (USD, Linux, no free tier, no discounts) for the cost estimate,
 * per region, and the usage assumptions of a platform with no workloads yet.
 * Read from the AWS pricing pages on the date below; check them in the AWS Pricing
 * Calculator before quoting a budget, and update the date with the figures.
 */
import type { Source } from "./creation-times.js";

export const PRICES_AS_OF = "2026-11-21";

/** AWS bills hourly resources over 730 hours a month (8,760 / 12). */
export const HOURS_PER_MONTH = 730;

export interface Price {
    readonly usd: number;
    readonly unit: string;
    readonly source: Source;
}

export interface RegionPrices {
    readonly eksControlPlaneHour: Price;
    /** A cluster on a Kubernetes version in extended support (`upgradePolicy.supportType: EXTENDED`). */
    readonly eksControlPlaneExtendedHour: Price;
    readonly natGatewayHour: Price;
    readonly natGatewayPerGb: Price;
    readonly publicIpv4Hour: Price;
    readonly nlbHour: Price;
    readonly ebsGp3GbMonth: Price;
    readonly kmsKeyMonth: Price;
    readonly secretMonth: Price;
    readonly logsIngestGb: Price;
    readonly logsStorageGbMonth: Price;
    /** On-demand Linux price per instance-hour. */
    readonly ec2Hour: Readonly<Record<string, Price>>;
}

const PAGES = {
    eks: { title: "Amazon EKS pricing", url: "https://aws.amazon.com/eks/pricing/" },
    vpc: { title: "Amazon VPC pricing (NAT gateway, public IPv4 addresses)", url: "https://aws.amazon.com/vpc/pricing/" },
    elb: { title: "Elastic Load Balancing pricing (Network Load Balancer)", url: "https://aws.amazon.com/elasticloadbalancing/pricing/" },
    ebs: { title: "Amazon EBS pricing (gp3)", url: "https://aws.amazon.com/ebs/pricing/" },
    kms: { title: "AWS KMS pricing", url: "https://aws.amazon.com/kms/pricing/" },
    secrets: { title: "AWS Secrets Manager pricing", url: "https://aws.amazon.com/secrets-manager/pricing/" },
    cloudwatch: { title: "Amazon CloudWatch pricing (Logs, vended logs)", url: "https://aws.amazon.com/cloudwatch/pricing/" },
    ec2: { title: "Amazon EC2 On-Demand pricing (Linux)", url: "https://aws.amazon.com/ec2/pricing/on-demand/" },
} as const;

const p = (usd: number, unit: string, source: Source): Price => ({ usd, unit, source });

/** Europe (Ireland), where both stacks run. */
const EU_WEST_1: RegionPrices = {
    eksControlPlaneHour: p(0.1, "cluster-hour (standard support)", PAGES.eks),
    eksControlPlaneExtendedHour: p(0.6, "cluster-hour (extended support)", PAGES.eks),
    natGatewayHour: p(0.048, "NAT gateway-hour", PAGES.vpc),
    natGatewayPerGb: p(0.048, "GB processed", PAGES.vpc),
    publicIpv4Hour: p(0.005, "public IPv4 address-hour", PAGES.vpc),
    nlbHour: p(0.0252, "NLB-hour", PAGES.elb),
    ebsGp3GbMonth: p(0.088, "GB-month (gp3)", PAGES.ebs),
    kmsKeyMonth: p(1, "customer managed key-month", PAGES.kms),
    secretMonth: p(0.4, "secret-month", PAGES.secrets),
    logsIngestGb: p(0.57, "GB ingested", PAGES.cloudwatch),
    logsStorageGbMonth: p(0.03, "GB-month stored", PAGES.cloudwatch),
    ec2Hour: {
        "t3.medium": p(0.0456, "instance-hour", PAGES.ec2),
        "t3.large": p(0.0912, "instance-hour", PAGES.ec2),
        "t3.xlarge": p(0.1824, "instance-hour", PAGES.ec2),
        "m5.large": p(0.107, "instance-hour", PAGES.ec2),
        "m6i.large": p(0.107, "instance-hour", PAGES.ec2),
        "m7i.large": p(0.1124, "instance-hour", PAGES.ec2),
        "m7i.xlarge": p(0.2248, "instance-hour", PAGES.ec2),
    },
};

export const PRICES: Readonly<Record<string, RegionPrices>> = { "eu-west-1": EU_WEST_1 };

/**
 * Usage of a platform before any workload: what the hourly prices do not cover.
 * Figures for an idle cluster; traffic and logs grow with workloads.
 */
export const BASELINE_USAGE = {
    /** GB a month through each NAT gateway: node image pulls and OS updates. */
    natGbPerGateway: 20,
    /** GB a month of control-plane logs (api, audit, authenticator...; audit dominates). */
    controlPlaneLogsGb: 20,
    /** GB a month of VPC flow logs (ALL traffic) of an idle three-AZ VPC. */
    flowLogsGb: 5,
    /** GB a month any other log group takes. */
    otherLogsGb: 1,
    /** Root volume of a node when neither the node group nor its launch template says. */
    defaultNodeDiskGiB: 20,
} as const;
