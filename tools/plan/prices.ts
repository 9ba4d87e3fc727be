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
    /** EFS Standard storage (regional), per GB-month; mount targets carry no charge. */
    readonly efsStandardGbMonth: Price;
    /** Container Insights with enhanced observability: an assumed per-node figure (see BASELINE_USAGE). */
    readonly containerInsightsNodeMonth: Price;
    readonly albHour: Price;
    readonly albLcuHour: Price;
    readonly wafWebAclMonth: Price;
    readonly wafRuleMonth: Price;
    readonly wafMillionRequests: Price;
    readonly route53MillionQueries: Price;
    /** On-demand Linux price per instance-hour. */
    readonly ec2Hour: Readonly<Record<string, Price>>;
    /** EKS on Fargate, Linux/x86: per vCPU-hour and per GB-hour of the pod's rounded-up size. */
    readonly fargateVcpuHour: Price;
    readonly fargateGbHour: Price;
    /** AWS Client VPN: per subnet association-hour and per client connection-hour. */
    readonly clientVpnAssociationHour: Price;
    readonly clientVpnConnectionHour: Price;
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
    efs: { title: "Amazon EFS pricing (Standard storage; no charge for mount targets)", url: "https://aws.amazon.com/efs/pricing/" },
    containerInsights: {
        title: "Amazon CloudWatch pricing (Container Insights with enhanced observability, billed per observation)",
        url: "https://aws.amazon.com/cloudwatch/pricing/",
    },
    alb: { title: "Elastic Load Balancing pricing (Application Load Balancer)", url: "https://aws.amazon.com/elasticloadbalancing/pricing/" },
    waf: { title: "AWS WAF pricing (web ACL, rules, requests)", url: "https://aws.amazon.com/waf/pricing/" },
    route53: { title: "Amazon Route 53 pricing (standard queries; alias queries to ELB are free)", url: "https://aws.amazon.com/route53/pricing/" },
    fargate: { title: "AWS Fargate pricing (Amazon EKS, Linux/x86)", url: "https://aws.amazon.com/fargate/pricing/" },
    clientVpn: { title: "AWS Client VPN pricing (endpoint association, connection)", url: "https://aws.amazon.com/vpn/pricing/" },
    spot: { title: "Spot Instance Advisor (savings over On-Demand)", url: "https://aws.amazon.com/ec2/spot/instance-advisor/" },
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
    efsStandardGbMonth: p(0.33, "GB-month (EFS Standard)", PAGES.efs),
    containerInsightsNodeMonth: p(4.5, "node-month (assumed observations of one node)", PAGES.containerInsights),
    albHour: p(0.0252, "ALB-hour", PAGES.alb),
    albLcuHour: p(0.008, "LCU-hour", PAGES.alb),
    wafWebAclMonth: p(5, "web ACL-month", PAGES.waf),
    wafRuleMonth: p(1, "rule-month (a managed rule group counts as one)", PAGES.waf),
    wafMillionRequests: p(0.6, "million requests", PAGES.waf),
    route53MillionQueries: p(0.4, "million standard queries", PAGES.route53),
    ec2Hour: {
        "t3.medium": p(0.0456, "instance-hour", PAGES.ec2),
        "t3.large": p(0.0912, "instance-hour", PAGES.ec2),
        "t3.xlarge": p(0.1824, "instance-hour", PAGES.ec2),
        "m5.large": p(0.107, "instance-hour", PAGES.ec2),
        "m6i.large": p(0.107, "instance-hour", PAGES.ec2),
        "m7i.large": p(0.1124, "instance-hour", PAGES.ec2),
        "m7i.xlarge": p(0.2248, "instance-hour", PAGES.ec2),
    },
    fargateVcpuHour: p(0.04456, "vCPU-hour", PAGES.fargate),
    fargateGbHour: p(0.00489, "GB-hour", PAGES.fargate),
    clientVpnAssociationHour: p(0.1, "subnet association-hour", PAGES.clientVpn),
    clientVpnConnectionHour: p(0.05, "connection-hour", PAGES.clientVpn),
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
    /**
     * GB a month of VPC flow logs that record only REJECT: the scans and misrouted packets the
     * security groups drop, a small share of an idle VPC's flows.
     */
    flowLogsRejectGb: 1,
    /** GB a month any other log group takes. */
    otherLogsGb: 1,
    /**
     * GB stored in each EFS file system before workloads, all in Standard (the dev example claim
     * holds next to nothing; Infrequent Access only takes files after `efs.transitionToIa`).
     */
    efsStandardGb: 5,
    /**
     * GB a month each node sends to the Container Insights log groups (Fluent Bit's application,
     * dataplane and host logs plus the agent's performance events) of an idle node.
     */
    containerInsightsLogsGbPerNode: 2,
    /** Root volume of a node when neither the node group nor its launch template says. */
    defaultNodeDiskGiB: 20,
    /** Average LCUs an ALB uses before workloads: health checks and a trickle of requests. */
    albAverageLcu: 0.2,
    /** Million requests a month through a web ACL (each request to the ALB is inspected). */
    wafMillionRequests: 1,
    /**
     * Million Route 53 queries a month to the zone's non-alias records (validation CNAMEs,
     * external-dns' TXT ownership records). Alias A records to load balancers answer for free.
     */
    route53MillionQueries: 1,
    /**
     * Spot price of a system node as a share of its on-demand price. An assumption, not a quote:
     * spot prices move; the Spot Instance Advisor lists the recent savings per type and region.
     */
    spotShareOfOnDemand: 0.35,
    /** Client VPN connection-hours a month: two operators, 8 hours on 21 working days. */
    clientVpnConnectionHours: 2 * 8 * 21,
} as const;

export const SPOT_SOURCE = PAGES.spot;
