import type { Tier } from "./schema/common.js";
import { DEFAULT_KUBERNETES_VERSION } from "../domain/versions.js";
import { deploymentsRoleRef } from "../domain/principals.js";
import { platformServicesDefaults } from "./schema/platform-services.js";

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
            // dev proves the components, not zone resilience: each AZ costs a public IPv4 address per
            // load balancer (the NLB and the ALB), so dev takes the two AZs EKS requires.
            azCount: prod ? 3 : 2,
            // 3 x /18 private subnets give 49,137 assignable addresses for nodes and pods (2 x /18 in dev: 32,758).
            privateSubnetPrefix: 18,
            publicSubnetPrefix: 24,
            natGateways: prod ? "onePerAz" : "single",
            // dev records what the security groups drop, which is what connectivity debugging needs;
            // prod keeps every flow for incident response.
            flowLogs: { retentionDays: prod ? 365 : 30, trafficType: prod ? "ALL" : "REJECT" },
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
            // The Deployments role only: operators and break-glass roles are listed per stack.
            admins: [deploymentsRoleRef(stack)],
            // dev: one spot node (t3.medium, t3a.medium as a second spot pool) carries Karpenter
            // and the core add-ons; the node group replaces a reclaimed node by itself.
            systemNodes: {
                instanceTypes: prod ? ["m7i.large"] : ["t3.medium", "t3a.medium"],
                capacityType: prod ? "ON_DEMAND" : "SPOT",
                minSize: prod ? 2 : 1,
                desiredSize: prod ? 2 : 1,
                maxSize: prod ? 4 : 3,
                diskSizeGiB: prod ? 50 : 20,
            },
        },
        access: { entries: [] as unknown[], integrations: [] as unknown[] },
        registries: {
            repositories: [] as unknown[],
            // Prod keeps more history to roll back to; untagged layers are garbage in both.
            lifecycle: { keepTaggedImages: prod ? 100 : 30, untaggedExpiryDays: prod ? 14 : 7 },
            forceDelete: !prod,
            pullAccountIds: [] as string[],
        },
        integrationExternalIds: {},
        karpenter: {
            // Account-wide and fails when it exists already: opt in on a fresh account only.
            createSpotServiceLinkedRole: false,
            nodeVolumeSizeGiB: prod ? 100 : 50,
            // Both tiers keep the controller on the system nodes: on Fargate each replica is billed
            // on its own (1 vCPU / 2 GB, about $40 a month in eu-west-1), more than a share of a node.
            controllerOn: "system-nodes",
            controllerReplicas: prod ? 2 : 1,
            maxPods: 110,
            gpu: {
                enabled: false,
                capacityTypes: ["on-demand"],
                instanceCategories: ["g"],
                minGeneration: 5,
                limits: prod ? { gpus: 16, cpu: 384, memoryGiB: 1536 } : { gpus: 1, cpu: 16, memoryGiB: 64 },
                volumeSizeGiB: 200,
                expireAfter: prod ? "720h" : "168h",
            },
            nodePools: {
                // dev prefers spot (heavier weight); prod runs its baseline on-demand and
                // overflows to spot once the on-demand pool reaches its limits.
                "on-demand": {
                    capacityTypes: ["on-demand"],
                    weight: prod ? 50 : 10,
                    instanceCategories: ["c", "m", "r"],
                    minGeneration: 6,
                    architectures: ["amd64"],
                    // prod: 768 + 256 = 1,024 vCPU at 4 GiB each; xlarge and up, so the limits
                    // fit the private subnets' pod IPs (see domain/pod-ips.ts).
                    ...(prod ? { minVcpu: 4 } : {}),
                    limits: prod ? { cpu: 768, memoryGiB: 3072 } : { cpu: 16, memoryGiB: 64 },
                    disruption: {
                        consolidationPolicy: "WhenEmptyOrUnderutilized",
                        consolidateAfter: prod ? "10m" : "1m",
                        budgets: prod
                            ? [{ nodes: "10%" }, { nodes: "0", schedule: "0 7 * * mon-fri", duration: "12h", reasons: ["Underutilized"] }]
                            : [{ nodes: "20%" }],
                    },
                    expireAfter: prod ? "720h" : "168h",
                },
                spot: {
                    capacityTypes: ["spot"],
                    weight: prod ? 10 : 50,
                    // Many categories and sizes give spot more pools to draw from, so fewer interruptions.
                    instanceCategories: ["c", "m", "r"],
                    minGeneration: 6,
                    architectures: ["amd64"],
                    ...(prod ? { minVcpu: 4 } : {}),
                    limits: prod ? { cpu: 256, memoryGiB: 1024 } : { cpu: 64, memoryGiB: 256 },
                    disruption: {
                        consolidationPolicy: "WhenEmptyOrUnderutilized",
                        consolidateAfter: prod ? "5m" : "1m",
                        budgets: prod ? [{ nodes: "10%" }] : [{ nodes: "20%" }],
                    },
                    expireAfter: prod ? "720h" : "168h",
                },
            },
        },
        ingress: {
            // Off unless the stack names its domain, hosted zone and ACME email.
            enabled: false,
            // Staging in dev: its rate limits survive many rebuilds; its certificates are untrusted.
            issuer: prod ? "production" : "staging",
            traefikReplicas: prod ? 3 : 2,
            dashboardUser: "admin",
            echoApp: !prod,
        },
        ...platformServicesDefaults(prod),
        loadBalancing: {
            controller: { enabled: true, replicas: 2 },
            albGroup: {
                enabled: true,
                name: "platform",
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                // A web ACL costs $5 a month plus $1 per rule group before any request; dev goes without.
                waf: prod,
                // The seed's example shares the group's one ALB; prod gets its ALB with its first real Ingress.
                exampleIngress: !prod,
            },
            // upsert-only in prod: a deleted or renamed source never takes a live record with it.
            externalDns: { enabled: true, policy: prod ? "upsert-only" : "sync", interval: "1m" },
        },
        clientVpn: {
            // Off unless a stack needs operators to reach a private endpoint from outside the VPC.
            enabled: false,
            clientCidr: "10.250.0.0/22",
            logRetentionDays: prod ? 365 : 30,
            sessionTimeoutHours: 8,
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
