import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/** The account and region every offline run pretends to be in. */
export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockContext {
    readonly region: string;
    readonly accountId: string;
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
        return { name, arn: `arn:aws:iam::${ctx.accountId}:role/${name}`, uniqueId: `AROA${suffix(name).toUpperCase()}` };
    },
    "aws:iam/policy:Policy": (args, ctx) => {
        const name = physicalName(args);
        return { name, arn: `arn:aws:iam::${ctx.accountId}:policy/${name}` };
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
    "aws:ec2/flowLog:FlowLog": (args, ctx) => ({
        arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/fl-${suffix(args.name)}`,
    }),
};

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
        arn: `arn:aws:sts::${ctx.accountId}:assumed-role/platform-deployer/session`,
        userId: "AROAEXAMPLE:session",
        id: ctx.accountId,
    }),
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
        id: "aws",
    }),
    "aws:iam/getSessionContext:getSessionContext": (inputs) => {
        // arn:aws:sts::<acct>:assumed-role/<role>/<session> -> the role's ARN.
        const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(inputs["arn"]));
        return match
            ? { arn: inputs["arn"], issuerArn: `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`, issuerName: match[3], sessionName: match[4], id: inputs["arn"] }
            : { arn: inputs["arn"], issuerArn: inputs["arn"], id: inputs["arn"] };
    },
    "aws:index/getRegion:getRegion": (_inputs, ctx) => ({ name: ctx.region, region: ctx.region, id: ctx.region }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, ctx) => {
        const letters = ["a", "b", "c"];
        return {
            names: letters.map((l) => `${ctx.region}${l}`),
            zoneIds: letters.map((_, i) => `${ctx.region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
            id: ctx.region,
        };
    },
};

export class UnmockedInvokeError extends Error {
    override name = "UnmockedInvokeError";
}

/** The Mocks handed to the Pulumi runtime: the tables above, nothing silent. */
export class PlatformMocks implements pulumi.runtime.Mocks {
    constructor(private readonly ctx: MockContext) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Inputs } {
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
                `no mock for invoke ${args.token}: add one to invokeMocks in tests/engine/mocks.ts (offline runs never call AWS)`,
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
