/**
 * Monthly baseline cost of a stack before workloads: what the recorded resources bill
 * by the hour or month at the prices of prices.ts, plus the usage assumptions there.
 */
import { chartName, LOAD_BALANCED_CHARTS, type Source } from "./creation-times.js";
import type { GraphResource } from "./graph.js";
import { fargatePods } from "./fargate.js";
import { BASELINE_USAGE, HOURS_PER_MONTH, PRICES, PRICES_AS_OF, SPOT_SOURCE, type Price, type RegionPrices } from "./prices.js";
import { expandRemote } from "./remote-components.js";

export interface CostItem {
    readonly item: string;
    readonly quantity: number;
    readonly unit: string;
    readonly unitUsd: number;
    readonly monthlyUsd: number;
    readonly source: Source;
}

export interface CostEstimate {
    readonly region: string;
    readonly pricesAsOf: string;
    readonly items: CostItem[];
    readonly monthlyUsd: number;
    /** What could not be priced (no price in the table), named so it can be added. */
    readonly unpriced: string[];
}

const PAGE_EC2 = { title: "Amazon EC2 On-Demand pricing (Linux)", url: "https://aws.amazon.com/ec2/pricing/on-demand/" } as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

function item(name: string, quantity: number, price: Price, perMonthFactor: number): CostItem {
    return {
        item: name,
        quantity,
        unit: price.unit,
        unitUsd: price.usd,
        monthlyUsd: round2(quantity * price.usd * perMonthFactor),
        source: price.source,
    };
}

const ofType = (resources: readonly GraphResource[], ...types: string[]) => resources.filter((r) => types.includes(r.type));

function natGateways(resources: readonly GraphResource[]): number {
    const inside = resources
        .filter((r) => r.remote)
        .flatMap((r) => expandRemote(r.type, r.plainInputs).inside)
        .filter((i) => i.type === "aws:ec2/natGateway:NatGateway")
        .reduce((n, i) => n + i.count, 0);
    return inside + ofType(resources, "aws:ec2/natGateway:NatGateway").length;
}

function azCount(resources: readonly GraphResource[]): number {
    const vpc = ofType(resources, "awsx:ec2:Vpc")[0];
    const names = vpc?.plainInputs["availabilityZoneNames"];
    return Array.isArray(names) ? names.length : 3;
}

interface NodeGroupSize {
    readonly name: string;
    readonly instanceType: string | undefined;
    readonly nodes: number;
    readonly diskGiB: number;
    readonly spot: boolean;
}

function nodeGroups(resources: readonly GraphResource[]): NodeGroupSize[] {
    const templates = new Map(ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate").map((t) => [t.urn, t]));
    return ofType(resources, "aws:eks/nodeGroup:NodeGroup", "eks:index:ManagedNodeGroup").map((g) => {
        const scaling = g.plainInputs["scalingConfig"] as { desiredSize?: number } | undefined;
        const types = g.plainInputs["instanceTypes"];
        const template = g.dependencies.map((d) => templates.get(d)).find((t) => t !== undefined);
        const mappings = (template?.plainInputs["blockDeviceMappings"] ?? []) as { ebs?: { volumeSize?: number } }[];
        const fromTemplate = mappings.map((m) => m.ebs?.volumeSize).find((s): s is number => typeof s === "number");
        const diskSize = g.plainInputs["diskSize"];
        return {
            name: g.name,
            instanceType: Array.isArray(types) && typeof types[0] === "string" ? types[0] : undefined,
            nodes: typeof scaling?.desiredSize === "number" ? scaling.desiredSize : 2,
            diskGiB: fromTemplate ?? (typeof diskSize === "number" ? diskSize : BASELINE_USAGE.defaultNodeDiskGiB),
            spot: g.plainInputs["capacityType"] === "SPOT",
        };
    });
}

/** Services of type LoadBalancer, in Helm charts known to make one or declared directly. */
function loadBalancers(resources: readonly GraphResource[]): { name: string; internetFacing: boolean }[] {
    const fromCharts = ofType(resources, "kubernetes:helm.sh/v3:Release")
        .filter((r) => LOAD_BALANCED_CHARTS.has(chartName(r.plainInputs["chart"])))
        .map((r) => {
            const service = ((r.plainInputs["values"] as Record<string, unknown> | undefined)?.["service"] ?? {}) as {
                type?: string;
                annotations?: Record<string, string>;
            };
            return { r, type: service.type ?? "LoadBalancer", annotations: service.annotations ?? {} };
        });
    const direct = ofType(resources, "kubernetes:core/v1:Service").map((r) => {
        const spec = (r.plainInputs["spec"] ?? {}) as { type?: string };
        const meta = (r.plainInputs["metadata"] ?? {}) as { annotations?: Record<string, string> };
        return { r, type: spec.type ?? "ClusterIP", annotations: meta.annotations ?? {} };
    });
    return [...fromCharts, ...direct]
        .filter((s) => s.type === "LoadBalancer")
        .map((s) => ({
            name: s.r.name,
            internetFacing: s.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] !== "internal",
        }));
}

const CONTAINER_INSIGHTS_LOG_PREFIX = "/aws/containerinsights/";
const isContainerInsightsLogGroup = (r: GraphResource) => String(r.plainInputs["name"] ?? "").startsWith(CONTAINER_INSIGHTS_LOG_PREFIX);
/**
 * ALBs the AWS Load Balancer Controller will build: one per ingress group among Ingresses of a
 * class it serves. The class's IngressClassParams (in the controller's chart values) decide the
 * group and scheme for all its Ingresses; otherwise each Ingress's annotations do (no group
 * means an ALB of its own; the controller's default scheme is internal).
 */
function applicationLoadBalancers(resources: readonly GraphResource[]): { group: string; internetFacing: boolean }[] {
    const classes = new Map<string, { group?: string; scheme?: string }>();
    for (const r of ofType(resources, "kubernetes:helm.sh/v3:Release")) {
        if (chartName(r.plainInputs["chart"]) !== "aws-load-balancer-controller") continue;
        const values = (r.plainInputs["values"] ?? {}) as {
            ingressClass?: string;
            createIngressClassResource?: boolean;
            ingressClassParams?: { spec?: { group?: { name?: string }; scheme?: string } };
        };
        if (values.createIngressClassResource === false) continue;
        const spec = values.ingressClassParams?.spec;
        classes.set(values.ingressClass ?? "alb", { group: spec?.group?.name, scheme: spec?.scheme });
    }
    const groups = new Map<string, boolean>();
    for (const r of ofType(resources, "kubernetes:networking.k8s.io/v1:Ingress")) {
        const spec = (r.plainInputs["spec"] ?? {}) as { ingressClassName?: string };
        const params = spec.ingressClassName === undefined ? undefined : classes.get(spec.ingressClassName);
        if (!params) continue;
        const annotations = ((r.plainInputs["metadata"] ?? {}) as { annotations?: Record<string, string> }).annotations ?? {};
        const group = params.group ?? annotations["alb.ingress.kubernetes.io/group.name"] ?? `ingress ${r.name}`;
        const scheme = params.scheme ?? annotations["alb.ingress.kubernetes.io/scheme"] ?? "internal";
        groups.set(group, (groups.get(group) ?? false) || scheme === "internet-facing");
    }
    return [...groups].map(([group, internetFacing]) => ({ group, internetFacing }));
}

/** Flow logs of REJECT only carry a fraction of ALL (or ACCEPT). */
function flowLogsGb(resources: readonly GraphResource[]): number {
    const rejectOnly = ofType(resources, "aws:ec2/flowLog:FlowLog").every((f) => f.plainInputs["trafficType"] === "REJECT");
    return rejectOnly ? BASELINE_USAGE.flowLogsRejectGb : BASELINE_USAGE.flowLogsGb;
}

function logGroupGb(r: GraphResource, resources: readonly GraphResource[]): number {
    const name = String(r.plainInputs["name"] ?? r.name);
    // Priced separately, per node, by containerInsights().
    if (name.startsWith(CONTAINER_INSIGHTS_LOG_PREFIX)) return 0;
    if (name.startsWith("/aws/eks/")) return BASELINE_USAGE.controlPlaneLogsGb;
    if (name.includes("flow-logs")) return flowLogsGb(resources);
    return BASELINE_USAGE.otherLogsGb;
}

/**
 * EFS file systems and Container Insights (the amazon-cloudwatch-observability add-on), priced
 * on the nodes that exist before workloads: the system node groups' desired size.
 */
function storageAndObservability(resources: readonly GraphResource[], prices: RegionPrices): CostItem[] {
    const items: CostItem[] = [];
    const fileSystems = ofType(resources, "aws:efs/fileSystem:FileSystem").length;
    const mountTargets = ofType(resources, "aws:efs/mountTarget:MountTarget").length;
    items.push(item(`EFS Standard storage (${BASELINE_USAGE.efsStandardGb} GB per file system assumed)`, fileSystems * BASELINE_USAGE.efsStandardGb, prices.efsStandardGbMonth, 1));
    items.push({ ...item("EFS mount targets (no charge)", mountTargets, prices.efsStandardGbMonth, 0), unit: "mount target", unitUsd: 0 });
    const observed = ofType(resources, "aws:eks/addon:Addon").some((a) => a.plainInputs["addonName"] === "amazon-cloudwatch-observability");
    if (observed) {
        const nodes = nodeGroups(resources).reduce((n, g) => n + g.nodes, 0);
        const logGroups = resources.filter(isContainerInsightsLogGroup).length;
        const gb = logGroups > 0 ? nodes * BASELINE_USAGE.containerInsightsLogsGbPerNode : 0;
        items.push(item(`Container Insights, enhanced observability (${nodes} nodes, assumed per-node figure)`, nodes, prices.containerInsightsNodeMonth, 1));
        items.push(item(`Container Insights logs ingestion (${BASELINE_USAGE.containerInsightsLogsGbPerNode} GB per node assumed)`, gb, prices.logsIngestGb, 1));
        items.push(item("Container Insights logs storage, first month", gb, prices.logsStorageGbMonth, 1));
    }
    return items;
}

/** The monthly baseline of one run in `region`; undefined when there is no price table for it. */
export function estimateMonthlyCost(resources: readonly GraphResource[], region: string): CostEstimate | undefined {
    const prices: RegionPrices | undefined = PRICES[region];
    if (!prices) return undefined;
    const items: CostItem[] = [];
    const unpriced: string[] = [];
    const add = (i: CostItem) => {
        if (i.quantity > 0) items.push(i);
    };

    // EXTENDED keeps a cluster on its version once standard support ends, at the extended rate;
    // the plan budgets that rate, not the standard one the cluster pays until then.
    const clusters = ofType(resources, "eks:index:Cluster", "aws:eks/cluster:Cluster");
    const extended = clusters.filter((c) => (c.plainInputs["upgradePolicy"] as { supportType?: string } | undefined)?.supportType === "EXTENDED");
    add(item("EKS control plane", clusters.length - extended.length, prices.eksControlPlaneHour, HOURS_PER_MONTH));
    add(item("EKS control plane, extended support", extended.length, prices.eksControlPlaneExtendedHour, HOURS_PER_MONTH));

    const nat = natGateways(resources);
    add(item("NAT gateways", nat, prices.natGatewayHour, HOURS_PER_MONTH));
    add(item("NAT gateway Elastic IPs", nat, prices.publicIpv4Hour, HOURS_PER_MONTH));
    add(item(`NAT data processed (${BASELINE_USAGE.natGbPerGateway} GB per gateway assumed)`, nat * BASELINE_USAGE.natGbPerGateway, prices.natGatewayPerGb, 1));

    for (const g of nodeGroups(resources)) {
        const onDemand = g.instanceType ? prices.ec2Hour[g.instanceType] : undefined;
        const price =
            onDemand && g.spot
                ? { usd: onDemand.usd * BASELINE_USAGE.spotShareOfOnDemand, unit: `instance-hour (spot, assumed ${BASELINE_USAGE.spotShareOfOnDemand * 100}% of on-demand)`, source: SPOT_SOURCE }
                : onDemand;
        if (price) add(item(`system nodes ${g.name} (${g.nodes} x ${g.instanceType}${g.spot ? ", spot" : ""})`, g.nodes, price, HOURS_PER_MONTH));
        else unpriced.push(`instance type ${g.instanceType ?? "(unknown)"} of node group ${g.name}: add it to ec2Hour in tools/plan/prices.ts`);
        add(item(`system node volumes ${g.name} (${g.nodes} x ${g.diskGiB} GiB gp3)`, g.nodes * g.diskGiB, prices.ebsGp3GbMonth, 1));
    }

    for (const f of fargatePods(resources)) {
        const size = `${f.pods} x ${f.vcpu} vCPU / ${f.memoryGb} GB`;
        add(item(`Fargate ${f.release} vCPU (${size})`, f.pods * f.vcpu, prices.fargateVcpuHour, HOURS_PER_MONTH));
        add(item(`Fargate ${f.release} memory (${size})`, f.pods * f.memoryGb, prices.fargateGbHour, HOURS_PER_MONTH));
    }

    const vpnAssociations = ofType(resources, "aws:ec2clientvpn/networkAssociation:NetworkAssociation").length;
    add(item("Client VPN subnet associations", vpnAssociations, prices.clientVpnAssociationHour, HOURS_PER_MONTH));
    if (ofType(resources, "aws:ec2clientvpn/endpoint:Endpoint").length > 0) {
        add(item(`Client VPN connections (${BASELINE_USAGE.clientVpnConnectionHours} connection-hours assumed)`, BASELINE_USAGE.clientVpnConnectionHours, prices.clientVpnConnectionHour, 1));
    }

    const lbs = loadBalancers(resources);
    add(item("Network Load Balancers", lbs.length, prices.nlbHour, HOURS_PER_MONTH));
    const publicLbIps = lbs.filter((l) => l.internetFacing).length * azCount(resources);
    add(item("NLB public IPv4 addresses (one per AZ)", publicLbIps, prices.publicIpv4Hour, HOURS_PER_MONTH));

    const albs = applicationLoadBalancers(resources);
    add(item("Application Load Balancers (one per ingress group)", albs.length, prices.albHour, HOURS_PER_MONTH));
    add(item(`ALB capacity units (${BASELINE_USAGE.albAverageLcu} LCU each assumed)`, albs.length * BASELINE_USAGE.albAverageLcu, prices.albLcuHour, HOURS_PER_MONTH));
    add(item("ALB public IPv4 addresses (one per AZ)", albs.filter((a) => a.internetFacing).length * azCount(resources), prices.publicIpv4Hour, HOURS_PER_MONTH));

    const webAcls = ofType(resources, "aws:wafv2/webAcl:WebAcl");
    const wafRules = webAcls.reduce((n, r) => n + (Array.isArray(r.plainInputs["rules"]) ? r.plainInputs["rules"].length : 0), 0);
    add(item("WAF web ACLs", webAcls.length, prices.wafWebAclMonth, 1));
    add(item("WAF rules and managed rule groups", wafRules, prices.wafRuleMonth, 1));
    add(item(`WAF requests (${BASELINE_USAGE.wafMillionRequests} M per web ACL assumed)`, webAcls.length * BASELINE_USAGE.wafMillionRequests, prices.wafMillionRequests, 1));

    const writesDns = ofType(resources, "aws:route53/record:Record").length > 0;
    add(item(`Route 53 queries (${BASELINE_USAGE.route53MillionQueries} M to non-alias records assumed)`, writesDns ? BASELINE_USAGE.route53MillionQueries : 0, prices.route53MillionQueries, 1));

    add(item("KMS customer managed keys", ofType(resources, "aws:kms/key:Key").length, prices.kmsKeyMonth, 1));
    add(item("Secrets Manager secrets", ofType(resources, "aws:secretsmanager/secret:Secret").length, prices.secretMonth, 1));

    const logs = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
    const ingestGb = logs.reduce((n, r) => n + logGroupGb(r, resources), 0);
    add(item("CloudWatch Logs ingestion (assumed GB, see BASELINE_USAGE)", ingestGb, prices.logsIngestGb, 1));
    add(item("CloudWatch Logs storage, first month", ingestGb, prices.logsStorageGbMonth, 1));
    storageAndObservability(resources, prices).forEach(add);

    // Karpenter launches nodes only for pending pods: the baseline holds none of any pool.
    for (const pool of ofType(resources, "kubernetes:karpenter.sh/v1:NodePool")) {
        const name = String((pool.plainInputs["metadata"] as { name?: string } | undefined)?.name ?? pool.name);
        items.push({ item: `Karpenter NodePool ${name} (0 nodes before workloads)`, quantity: 0, unit: "node", unitUsd: 0, monthlyUsd: 0, source: PAGE_EC2 });
    }

    return {
        region,
        pricesAsOf: PRICES_AS_OF,
        items,
        monthlyUsd: round2(items.reduce((n, i) => n + i.monthlyUsd, 0)),
        unpriced,
    };
}
