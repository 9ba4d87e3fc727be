import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { availabilityZoneNames, regionFacts } from "../domain/regions.js";

/** The account and region every offline run pretends to be in. */
export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockContext {
    readonly region: string;
    readonly accountId: string;
    /** The Service CIDR of the EKS cluster registered in this run, once one is. */
    readonly serviceCidr?: string;
    /** The IAM role (full ARN, path included) whose session runs the program. @default role/platform-deployer */
    readonly callerRoleArn?: string;
}

/** The caller's role and the STS session ARN getCallerIdentity reports for it (no path: STS drops it). */
function callerOf(ctx: MockContext): { roleArn: string; sessionArn: string } {
    const roleArn = ctx.callerRoleArn ?? `arn:aws:iam::${ctx.accountId}:role/platform-deployer`;
    const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (!match) throw new Error(`callerRoleArn ${roleArn} is not an IAM role ARN`);
    return { roleArn, sessionArn: `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/session` };
}

type Inputs = Record<string, any>;
type StateMock = (args: pulumi.runtime.MockResourceArgs, ctx: MockContext) => Inputs;
type InvokeMock = (inputs: Inputs, ctx: MockContext) => Inputs;

/** `mocked::<type>::<name>`: every resource id, so a test can tell which resource an id came from. */
export function mockId(type: string, name: string): string {
    return `mocked::${type}::${name}`;
}

/** A short stable suffix, standing in for Pulumi's random auto-name suffix. */
function suffix(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 7);
}

/** Pulumi auto-names physical resources `<logical>-<7 chars>` unless a name is given. */
function physicalName(args: pulumi.runtime.MockResourceArgs): string {
    return typeof args.inputs["name"] === "string" ? args.inputs["name"] : `${args.name}-${suffix(args.name)}`;
}

/**
 * Outputs the real providers return that programs read, per resource type. Anything not
 * listed echoes its inputs plus an id (and, for AWS, a `name` and an ARN of the usual shape).
 */
export const resourceMocks: Record<string, StateMock> = {
    "eks:index:Cluster": (args, ctx) => {
        const facts = eksClusterFacts(args, ctx);
        return {
            clusterSecurityGroupId: facts.clusterSecurityGroupId,
            oidcIssuer: facts.issuer,
            oidcProviderUrl: `https://${facts.issuer}`,
            oidcProviderArn: `arn:aws:iam::${ctx.accountId}:oidc-provider/${facts.issuer}`,
            nodeSecurityGroupId: "",
        };
    },
    "awsx:ec2:Vpc": (args) => {
        const specs = (args.inputs["subnetSpecs"] ?? []) as { type: string; name?: string; cidrBlocks?: string[] }[];
        const azs = (args.inputs["availabilityZoneNames"] ?? []) as string[];
        const ids = (type: string) =>
            specs
                .filter((s) => s.type === type)
                .flatMap((s) => azs.map((_, i) => mockId("aws:ec2/subnet:Subnet", `${args.name}-${s.name ?? type.toLowerCase()}-${i + 1}`)));
        return {
            vpcId: mockId("aws:ec2/vpc:Vpc", args.name),
            privateSubnetIds: ids("Private"),
            publicSubnetIds: ids("Public"),
            isolatedSubnetIds: ids("Isolated"),
        };
    },
    "aws:iam/role:Role": (args, ctx) => {
        const name = physicalName(args);
        // IAM ARNs carry the path (`role/<path>/<name>`).
        const path = typeof args.inputs["path"] === "string" ? args.inputs["path"] : "/";
        return { name, arn: `arn:aws:iam::${ctx.accountId}:role${path}${name}`, uniqueId: `AROA${suffix(name).toUpperCase()}` };
    },
    "aws:iam/policy:Policy": (args, ctx) => {
        const name = physicalName(args);
        const path = typeof args.inputs["path"] === "string" ? args.inputs["path"] : "/";
        return { name, arn: `arn:aws:iam::${ctx.accountId}:policy${path}${name}` };
    },
    "aws:cloudwatch/logGroup:LogGroup": (args, ctx) => {
        const name = physicalName(args);
        return { name, arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}` };
    },
    "aws:kms/key:Key": (args, ctx) => {
        const hex = stableHex(`${args.name}-key`, 32).toLowerCase();
        const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
        return { keyId, arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}` };
    },
    "aws:kms/alias:Alias": (args, ctx) => ({
        arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:${String(args.inputs["name"])}`,
    }),
    "aws:ec2/eip:Eip": (args) => ({
        allocationId: `eipalloc-${stableHex(args.name, 17).toLowerCase()}`,
        publicIp: `203.0.113.${parseInt(stableHex(args.name, 2), 16) % 254 + 1}`,
    }),
    "aws:ec2/flowLog:FlowLog": (args, ctx) => ({
        arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/fl-${suffix(args.name)}`,
    }),
    "aws:ecr/repository:Repository": (args, ctx) => {
        const name = physicalName(args);
        return {
            name,
            arn: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${name}`,
            registryId: ctx.accountId,
            repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
        };
    },
    "aws:sqs/queue:Queue": (args, ctx) => {
        const name = physicalName(args);
        return {
            name,
            arn: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${name}`,
            url: `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`,
        };
    },
    "aws:cloudwatch/eventRule:EventRule": (args, ctx) => {
        const name = physicalName(args);
        return { name, arn: `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${name}` };
    },
    // `Service.get` of kube-dns (a read: the id is `<namespace>/<name>`): EKS gives it the
    // tenth address of the cluster's Service CIDR.
    "kubernetes:core/v1:Service": (args, ctx) =>
        args.id === "kube-system/kube-dns"
            ? {
                  apiVersion: "v1",
                  kind: "Service",
                  metadata: { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
                  spec: {
                      type: "ClusterIP",
                      clusterIP: tenthAddress(ctx.serviceCidr ?? "172.20.0.0/16"),
                      selector: { "k8s-app": "kube-dns" },
                      ports: [
                          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
                          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
                      ],
                  },
              }
            : args.id
              ? loadBalancerServiceRead(args.id, ctx)
              : {},
    // A release reports what it installed; programs read the Service names it implies from here.
    "kubernetes:helm.sh/v3:Release": (args) => ({
        status: {
            name: args.inputs["name"] ?? args.name,
            namespace: args.inputs["namespace"] ?? "default",
            chart: args.inputs["chart"],
            version: args.inputs["version"],
            revision: 1,
            status: "deployed",
        },
    }),
    // ACM gives each name one DNS validation CNAME; a name and its wildcard share it.
    "aws:acm/certificate:Certificate": (args, ctx) => {
        const domain = String(args.inputs["domainName"]);
        const names = [domain, ...((args.inputs["subjectAlternativeNames"] ?? []) as string[])];
        const token = stableHex(`${domain}-acm`, 32).toLowerCase();
        return {
            arn: `arn:aws:acm:${ctx.region}:${ctx.accountId}:certificate/${stableHex(`${args.name}-cert`, 8).toLowerCase()}-0000-4000-8000-${stableHex(args.name, 12).toLowerCase()}`,
            domainValidationOptions: names.map((name) => ({
                domainName: name,
                resourceRecordName: `_${token}.${name.replace(/^\*\./, "")}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: `_${stableHex(`${domain}-acm-value`, 32).toLowerCase()}.acm-validations.aws.`,
            })),
            status: "PENDING_VALIDATION",
        };
    },
    // Fixed per name, like a password generated once and kept in state.
    "random:index/randomPassword:RandomPassword": (args) => ({
        result: stableAlphanumeric(`${args.name}-password`, Number(args.inputs["length"] ?? 16)),
    }),
    // @pulumi/tls computes keys and certificates locally; offline they are labelled placeholders.
    "tls:index/privateKey:PrivateKey": (args) => ({ privateKeyPem: offlinePem("PRIVATE KEY", args.name), publicKeyPem: offlinePem("PUBLIC KEY", args.name) }),
    "tls:index/selfSignedCert:SelfSignedCert": (args) => ({ certPem: offlinePem("CERTIFICATE", args.name) }),
    "tls:index/certRequest:CertRequest": (args) => ({ certRequestPem: offlinePem("CERTIFICATE REQUEST", args.name) }),
    "tls:index/locallySignedCert:LocallySignedCert": (args) => ({ certPem: offlinePem("CERTIFICATE", args.name) }),
};

function offlinePem(kind: string, name: string): string {
    return `-----BEGIN ${kind}-----\noffline placeholder of ${name}\n-----END ${kind}-----\n`;
}

/**
 * Any other Service read (`<namespace>/<name>`) is a LoadBalancer Service the AWS cloud
 * provider has given an NLB: legacy controller names are `a` + the Service UID without
 * dashes (32 characters), DNS names `<name>-<16 hex>.elb.<region>.amazonaws.com`.
 */
function loadBalancerServiceRead(id: string, ctx: MockContext) {
    const [namespace, name] = id.split("/");
    const lbName = `a${stableHex(`${id}-uid`, 31).toLowerCase()}`;
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace },
        spec: { type: "LoadBalancer" },
        status: { loadBalancer: { ingress: [{ hostname: `${lbName}-${stableHex(`${id}-nlb`, 16).toLowerCase()}.elb.${ctx.region}.amazonaws.com` }] } },
    };
}

/** Letters and digits that stay the same for the same text. */
function stableAlphanumeric(text: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = createHash("sha512").update(text).digest();
    return Array.from({ length }, (_, i) => alphabet[bytes[i % bytes.length]! % alphabet.length]).join("");
}

/** The tenth address of an IPv4 CIDR, written out without the prefix. */
function tenthAddress(cidr: string): string {
    const [address = "", prefix = "32"] = cidr.split("/");
    const base = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const host = Math.floor(base / 2 ** (32 - Number(prefix))) * 2 ** (32 - Number(prefix)) + 10;
    return [24, 16, 8, 0].map((shift) => Math.floor(host / 2 ** shift) % 256).join(".");
}

/** A resource a multi-language component creates inside itself and returns as an output. */
export interface RemoteChild {
    /** The component output holding a reference to it, e.g. `eksCluster`. */
    readonly output: string;
    readonly type: string;
    readonly name: string;
    readonly id: string;
    readonly state: Inputs;
}
type RemoteChildrenMock = (args: { type: string; name: string; inputs: Inputs }, ctx: MockContext) => RemoteChild[];

/** Hex that stays the same for the same text, standing in for ids AWS generates. */
export function stableHex(text: string, length: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length).toUpperCase();
}

/** What @pulumi/eks returns for a cluster: endpoint, CA and OIDC issuer in AWS's formats. */
function eksClusterFacts(args: { name: string; inputs: Inputs }, ctx: MockContext) {
    const clusterName = typeof args.inputs["name"] === "string" ? args.inputs["name"] : `${args.name}-eksCluster-${suffix(args.name)}`;
    const oidcId = stableHex(`${clusterName}-oidc`, 32);
    const issuer = `oidc.eks.${ctx.region}.amazonaws.com/id/${oidcId}`;
    return {
        clusterName,
        issuer,
        endpoint: `https://${stableHex(`${clusterName}-endpoint`, 32)}.gr7.${ctx.region}.eks.amazonaws.com`,
        certificateAuthority: Buffer.from(`-----BEGIN CERTIFICATE-----\nmock CA of ${clusterName}\n-----END CERTIFICATE-----\n`).toString("base64"),
        clusterSecurityGroupId: `sg-${stableHex(`${clusterName}-cluster-sg`, 17).toLowerCase()}`,
    };
}

/** Children that remote components hand back as resource references. */
export const remoteChildrenMocks: Record<string, RemoteChildrenMock> = {
    "eks:index:Cluster": (args, ctx) => {
        const facts = eksClusterFacts(args, ctx);
        return [
            {
                output: "eksCluster",
                type: "aws:eks/cluster:Cluster",
                name: `${args.name}-eksCluster`,
                id: facts.clusterName,
                state: {
                    name: facts.clusterName,
                    arn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/${facts.clusterName}`,
                    endpoint: facts.endpoint,
                    version: args.inputs["version"],
                    status: "ACTIVE",
                    certificateAuthority: { data: facts.certificateAuthority },
                    identities: [{ oidcs: [{ issuer: `https://${facts.issuer}` }] }],
                    vpcConfig: {
                        clusterSecurityGroupId: facts.clusterSecurityGroupId,
                        endpointPrivateAccess: args.inputs["endpointPrivateAccess"],
                        endpointPublicAccess: args.inputs["endpointPublicAccess"],
                        publicAccessCidrs: args.inputs["publicAccessCidrs"] ?? ["0.0.0.0/0"],
                        subnetIds: args.inputs["privateSubnetIds"],
                        vpcId: args.inputs["vpcId"],
                    },
                    kubernetesNetworkConfig: { serviceIpv4Cidr: args.inputs["kubernetesServiceIpAddressRange"], ipFamily: "ipv4" },
                    accessConfig: { authenticationMode: args.inputs["authenticationMode"] },
                },
            },
        ];
    },
};

/** Results of the data sources (invokes) the program calls. Any other invoke fails the run. */
export const invokeMocks: Record<string, InvokeMock> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, ctx) => ({
        accountId: ctx.accountId,
        arn: callerOf(ctx).sessionArn,
        userId: "AROAEXAMPLE:session",
        id: ctx.accountId,
    }),
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
        id: "aws",
    }),
    "aws:iam/getSessionContext:getSessionContext": (inputs, ctx) => {
        // arn:aws:sts::<acct>:assumed-role/<role>/<session> -> the role's ARN, with its path as
        // IAM knows it (the provider looks the role up).
        const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(inputs["arn"]));
        const caller = callerOf(ctx);
        const issuerArn = match && inputs["arn"] === caller.sessionArn ? caller.roleArn : match && `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`;
        return match
            ? { arn: inputs["arn"], issuerArn, issuerName: match[3], sessionName: match[4], id: inputs["arn"] }
            : { arn: inputs["arn"], issuerArn: inputs["arn"], id: inputs["arn"] };
    },
    "aws:ec2/getRouteTable:getRouteTable": (inputs) => {
        const routeTableId = `rtb-${stableHex(String(inputs["subnetId"]), 17).toLowerCase()}`;
        return { routeTableId, id: routeTableId, subnetId: inputs["subnetId"], vpcId: "vpc-mock" };
    },
    "aws:index/getRegion:getRegion": (_inputs, ctx) => ({ name: ctx.region, region: ctx.region, id: ctx.region }),
    "aws:lb/getHostedZoneId:getHostedZoneId": (inputs, ctx) => {
        const region = String(inputs["region"] ?? ctx.region);
        const facts = regionFacts(region);
        // The provider fails the same way for a region missing from its table.
        if (!facts) throw new Error(`unsupported AWS Region: ${region} (no ELB hosted zone id in domain/regions.ts)`);
        const type = inputs["loadBalancerType"] ?? "application";
        return { id: type === "network" ? facts.nlbHostedZoneId : facts.albHostedZoneId, region, loadBalancerType: type };
    },
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, ctx) => {
        const facts = regionFacts(ctx.region);
        if (!facts) throw new Error(`no Availability Zones for ${ctx.region} in domain/regions.ts`);
        return { names: availabilityZoneNames(ctx.region), zoneIds: [...facts.zoneIds], id: ctx.region };
    },
};

export class UnmockedInvokeError extends Error {
    override name = "UnmockedInvokeError";
}

/** The Mocks handed to the Pulumi runtime: the tables above, nothing silent. */
export class PlatformMocks implements pulumi.runtime.Mocks {
    constructor(private ctx: MockContext) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Inputs } {
        const serviceCidr = args.inputs["kubernetesServiceIpAddressRange"];
        if (args.type === "eks:index:Cluster" && typeof serviceCidr === "string") this.ctx = { ...this.ctx, serviceCidr };
        const specific = resourceMocks[args.type]?.(args, this.ctx) ?? {};
        const generic: Inputs = {};
        if (args.type.startsWith("aws:") && args.custom !== false) {
            const name = physicalName(args);
            generic["arn"] = genericArn(args.type, name, this.ctx);
            if (typeof args.inputs["name"] !== "string") generic["name"] = name;
        }
        // Component resources (custom === false) have no id.
        const id = args.custom === false ? undefined : args.id || mockId(args.type, args.name);
        return { id, state: { ...args.inputs, ...generic, ...specific } };
    }

    /** Resources a remote component returns as references, registered by the engine alongside it. */
    remoteChildren(args: { type: string; name: string; inputs: Inputs }): RemoteChild[] {
        return remoteChildrenMocks[args.type]?.(args, this.ctx) ?? [];
    }

    call(args: pulumi.runtime.MockCallArgs): Inputs {
        const mock = invokeMocks[args.token];
        if (!mock) {
            throw new UnmockedInvokeError(
                `no mock for invoke ${args.token}: add one to invokeMocks in engine/mocks.ts (offline runs never call AWS)`,
            );
        }
        return mock(args.inputs, this.ctx);
    }
}

/** `aws:<module>/<resource>:<Type>` -> `arn:aws:<module>:<region>:<account>:<resource>/<name>`. */
function genericArn(type: string, name: string, ctx: MockContext): string {
    const match = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(type);
    const service = match?.[1] ?? "unknown";
    const resource = (match?.[2] ?? "resource").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}/${name}`;
}
