/**
 * What a multi-language component creates inside. Offline it registers as one resource
 * (its children run in its provider plugin), yet for real its construct call answers only
 * once every child is created (SOURCES.pulumiConstruct), so everything that depends on it
 * waits for its slowest inner chain. These expansions follow the components' source.
 */
import { CREATION_TIMES, SOURCES, type Source } from "./creation-times.js";

export interface InnerResources {
    /** Resource type created inside, e.g. `aws:ec2/natGateway:NatGateway`. */
    readonly type: string;
    readonly count: number;
    /** Creation time of one. */
    readonly seconds: number;
}

export interface RemoteExpansion {
    readonly inside: InnerResources[];
    /** The slowest chain inside, first to last: what the construct call waits for. */
    readonly path: { readonly type: string; readonly seconds: number }[];
    /** Seconds until the component's outputs resolve (the sum of `path`). */
    readonly seconds: number;
    readonly source: Source;
}

const secondsOf = (type: string): number => CREATION_TIMES[type]?.seconds ?? 2;

function expansion(inside: InnerResources[], pathTypes: string[], source: Source, extra: { type: string; seconds: number }[] = []): RemoteExpansion {
    const path = [...pathTypes.map((type) => ({ type, seconds: secondsOf(type) })), ...extra];
    return { inside: inside.filter((i) => i.count > 0), path, seconds: path.reduce((n, s) => n + s.seconds, 0), source };
}

const inner = (type: string, count: number): InnerResources => ({ type, count, seconds: secondsOf(type) });

/** `awsx:ec2:Vpc`: VPC, subnets with a route table each, an internet gateway, EIPs and NAT gateways per strategy. */
export function expandVpc(inputs: Record<string, unknown>): RemoteExpansion {
    const names = inputs["availabilityZoneNames"];
    const azs = Array.isArray(names) ? names.length : typeof inputs["numberOfAvailabilityZones"] === "number" ? inputs["numberOfAvailabilityZones"] : 3;
    const specs = Array.isArray(inputs["subnetSpecs"]) ? (inputs["subnetSpecs"] as { type?: string }[]) : [{ type: "Private" }, { type: "Public" }];
    const ofType = (t: string) => specs.filter((s) => s.type === t).length * azs;
    const subnets = specs.filter((s) => s.type !== "Unused").length * azs;
    // awsx defaults to a NAT gateway per AZ when the strategy is omitted.
    const strategy = String((inputs["natGateways"] as { strategy?: string } | undefined)?.strategy ?? "OnePerAz");
    const nat = ofType("Public") === 0 || strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
    const inside = [
        inner("aws:ec2/vpc:Vpc", 1),
        inner("aws:ec2/subnet:Subnet", subnets),
        inner("aws:ec2/routeTable:RouteTable", subnets),
        inner("aws:ec2/routeTableAssociation:RouteTableAssociation", subnets),
        inner("aws:ec2/internetGateway:InternetGateway", ofType("Public") > 0 ? 1 : 0),
        inner("aws:ec2/route:Route", ofType("Public") + (nat > 0 ? ofType("Private") : 0)),
        inner("aws:ec2/eip:Eip", nat),
        inner("aws:ec2/natGateway:NatGateway", nat),
    ];
    const path =
        nat > 0
            ? ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:ec2/route:Route"]
            : ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation"];
    return expansion(inside, path, SOURCES.pulumiConstruct);
}

/** Seconds `@pulumi/eks` waits for the public endpoint's /healthz after the control plane is ACTIVE (typical; up to 300). */
export const HEALTHZ_WAIT_SECONDS = 30;

/**
 * `eks:index:Cluster` (@pulumi/eks v4): service role, security groups, the control plane, then
 * in parallel the OIDC provider, the add-ons it manages and any default node group.
 */
export function expandEksCluster(inputs: Record<string, unknown>): RemoteExpansion {
    const flag = (key: string, fallback: boolean) => (typeof inputs[key] === "boolean" ? (inputs[key] as boolean) : fallback);
    const enabled = (key: string) => (inputs[key] as { enabled?: boolean } | undefined)?.enabled;
    const defaultNodeGroup = !flag("skipDefaultNodeGroup", false);
    const vpcCni = !flag("useDefaultVpcCni", false);
    const kubeProxy = enabled("kubeProxyAddonOptions") ?? true;
    // The component adds CoreDNS only with a default node group unless asked explicitly.
    const coredns = enabled("corednsAddonOptions") ?? defaultNodeGroup;
    const accessEntries = inputs["accessEntries"] && typeof inputs["accessEntries"] === "object" ? Object.keys(inputs["accessEntries"]).length : 0;
    const addons = [vpcCni, kubeProxy, coredns].filter(Boolean).length;
    const inside = [
        inner("aws:iam/role:Role", 1),
        inner("aws:iam/rolePolicyAttachment:RolePolicyAttachment", 1),
        inner("aws:ec2/securityGroup:SecurityGroup", flag("skipDefaultSecurityGroups", false) ? 0 : 2),
        inner("aws:eks/cluster:Cluster", 1),
        inner("aws:iam/openIdConnectProvider:OpenIdConnectProvider", flag("createOidcProvider", false) ? 1 : 0),
        inner("aws:eks/addon:Addon", addons),
        inner("aws:eks/accessEntry:AccessEntry", accessEntries),
        inner("aws:eks/nodeGroup:NodeGroup", defaultNodeGroup ? 1 : 0),
    ];
    const after: { type: string; seconds: number }[] = [];
    // After the control plane these run side by side; the slowest one counts.
    const tails = [
        defaultNodeGroup ? { type: "aws:eks/nodeGroup:NodeGroup", seconds: secondsOf("aws:eks/nodeGroup:NodeGroup") } : undefined,
        addons > 0 ? { type: "aws:eks/addon:Addon", seconds: secondsOf("aws:eks/addon:Addon") } : undefined,
        flag("endpointPublicAccess", true) ? { type: "/healthz wait", seconds: HEALTHZ_WAIT_SECONDS } : undefined,
    ].filter((t): t is { type: string; seconds: number } => t !== undefined);
    const slowest = tails.sort((a, b) => b.seconds - a.seconds)[0];
    if (slowest) after.push(slowest);
    return expansion(inside, ["aws:iam/role:Role", "aws:eks/cluster:Cluster"], SOURCES.pulumiConstruct, after);
}

/** `eks:index:ManagedNodeGroup`: the node group (and a role when none is given). */
export function expandManagedNodeGroup(inputs: Record<string, unknown>): RemoteExpansion {
    const ownRole = inputs["nodeRole"] === undefined && inputs["nodeRoleArn"] === undefined;
    return expansion(
        [inner("aws:iam/role:Role", ownRole ? 1 : 0), inner("aws:eks/nodeGroup:NodeGroup", 1)],
        [...(ownRole ? ["aws:iam/role:Role"] : []), "aws:eks/nodeGroup:NodeGroup"],
        SOURCES.managedNodeGroup,
    );
}

export const REMOTE_EXPANSIONS: Readonly<Record<string, (inputs: Record<string, unknown>) => RemoteExpansion>> = {
    "awsx:ec2:Vpc": expandVpc,
    "eks:index:Cluster": expandEksCluster,
    "eks:index:ManagedNodeGroup": expandManagedNodeGroup,
};

/** The expansion of a remote component, or a one-step stand-in for one not in the table. */
export function expandRemote(type: string, inputs: Record<string, unknown>): RemoteExpansion {
    const known = REMOTE_EXPANSIONS[type];
    if (known) return known(inputs);
    return { inside: [], path: [{ type, seconds: 2 }], seconds: 2, source: SOURCES.apiCall };
}
