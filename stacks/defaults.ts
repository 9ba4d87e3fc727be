import type { Tier } from "./schema/common.js";
import { DEFAULT_KUBERNETES_VERSION } from "../components/versions.js";

/**
 * Tier defaults: everything a stack gets unless its Pulumi.<stack>.yaml says otherwise.
 * dev is cheap (one NAT gateway, short log retention, nothing protected);
 * prod is highly available and protected (NAT per AZ, private endpoint, deletion protection).
 */
export function tierDefaults(tier: Tier, stack: string) {
    const prod = tier === "prod";
    return {
        protect: prod,
        tags: {},
        network: {
            cidr: "10.0.0.0/16",
            azCount: 3,
            // 3 x /18 private subnets give 49,137 assignable addresses for nodes and pods.
            privateSubnetPrefix: 18,
            publicSubnetPrefix: 24,
            natGateways: prod ? "onePerAz" : "single",
            flowLogs: { retentionDays: prod ? 365 : 30, trafficType: "ALL" },
        },
        cluster: {
            name: `eks-${stack}`,
            version: DEFAULT_KUBERNETES_VERSION,
            authenticationMode: "API",
            serviceCidr: "172.20.0.0/16",
            endpoint: { publicAccess: !prod, publicAccessCidrs: [] as string[] },
            logRetentionDays: prod ? 365 : 30,
            deletionProtection: prod,
            supportType: "STANDARD",
            systemNodes: {
                instanceTypes: prod ? ["m7i.large"] : ["t3.large"],
                minSize: 2,
                desiredSize: 2,
                maxSize: 4,
                diskSizeGiB: 50,
            },
        },
    };
}

/** Merges `override` onto `base`: objects key by key, everything else (arrays included) replaced. */
export function deepMerge(base: unknown, override: unknown): unknown {
    if (override === undefined) return base;
    if (!isPlainObject(base) || !isPlainObject(override)) return override;
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
        merged[key] = deepMerge(base[key], value);
    }
    return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
