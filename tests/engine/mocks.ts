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
        const keyId = `${suffix(args.name)}-0000-4000-8000-${suffix(`${args.name}-key`)}00000`;
        return { keyId, arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}` };
    },
    "aws:kms/alias:Alias": (args, ctx) => ({
        arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:${String(args.inputs["name"])}`,
    }),
    "aws:ec2/flowLog:FlowLog": (args, ctx) => ({
        arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/fl-${suffix(args.name)}`,
    }),
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
