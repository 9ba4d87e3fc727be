import { z } from "zod";
import { cidrsOverlap, parseCidr } from "../../domain/cidr.js";
import { isAddonName, listedAddonVersions } from "../../domain/addon-matrix.js";
import { isEc2InstanceType, sameFamilyTypes } from "../../domain/instance-types.js";
import { KUBERNETES_VERSIONS } from "../../domain/versions.js";
import { cidr, logRetentionDays, type SchemaContext } from "./common.js";
import { deploymentsRoleRef, isPrincipalRef } from "../../domain/principals.js";

const ADMIN_FORMAT =
    "must be an IAM role or user ARN (arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef) or a role in the stack's account (role/platform-break-glass)";

export const AUTHENTICATION_MODES = ["API", "API_AND_CONFIG_MAP"] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

/** EKS cluster names: 1-100 characters, letters, digits, hyphens and underscores, starting alphanumeric. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const OPEN_TO_THE_WORLD = "0.0.0.0/0";
/** IAM role or user ARNs (with optional path), the principals access entries accept. */
export const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@\/-]+$/;
/**
 * Graviton (arm64) instance families: a `g` among the attribute letters after the generation
 * (m7g, c7gn, r6gd, x2gd, im4gn, is4gen, g5g) or the first generation, a1. The system node
 * group boots the x86_64 AL2023 AMI (`system-nodes.ts`), which these instances cannot run.
 */
const ARM64_INSTANCE_FAMILY = /^([a-z]+\d+[a-z-]*g[a-z-]*|a1)\./;

/** True for an arm64 (Graviton) EC2 instance type, e.g. m7g.large. */
export function isArm64InstanceType(instanceType: string): boolean {
    return ARM64_INSTANCE_FAMILY.test(instanceType);
}

/**
 * Limits of the EKS API and its service quotas (Amazon EKS User Guide, "Amazon EKS service
 * quotas", read 2026-12-01): nodes per managed node group (default quota 450), public endpoint
 * access CIDR ranges per cluster (40, not adjustable).
 */
export const EKS_LIMITS = { nodesPerManagedNodeGroup: 450, publicAccessCidrs: 40 } as const;

/**
 * The Service CIDR EKS accepts (CreateCluster `kubernetesNetworkConfig.serviceIpv4Cidr`): inside
 * 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, between /12 and /24.
 */
export function serviceCidrProblem(value: string): string | undefined {
    const parsed = parseCidr(value);
    if (!parsed) return undefined; // the CIDR check reports it
    if (parsed.prefix < 12 || parsed.prefix > 24) return `a Service CIDR must be /12 to /24, got /${parsed.prefix}; write e.g. 172.20.0.0/16`;
    const inside = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((block) => {
        const b = parseCidr(block)!;
        return b.prefix <= parsed.prefix && cidrsOverlap(b, parsed);
    });
    return inside ? undefined : `${value} is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, as EKS requires; write e.g. 172.20.0.0/16`;
}

const nodeCount = (what: string) =>
    z
        .number()
        .int()
        .min(1)
        .max(EKS_LIMITS.nodesPerManagedNodeGroup, {
            error: `must be at most ${EKS_LIMITS.nodesPerManagedNodeGroup}: the EKS quota of nodes per managed node group (${what})`,
        });

/** Capacity types of an EKS managed node group. */
export const SYSTEM_NODE_CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;

export function clusterSchema(ctx: SchemaContext) {
    return z.strictObject({
        /** The EKS cluster name; also the Karpenter discovery tag value. */
        name: z.string().regex(CLUSTER_NAME, {
            error: "must be 1-100 letters, digits, - or _, starting with a letter or digit",
        }),
        /** Kubernetes minor version. */
        version: z.enum(KUBERNETES_VERSIONS, {
            error: `must be one of the versions this platform is tested with: ${KUBERNETES_VERSIONS.join(", ")}`,
        }),
        /** API: access entries only. API_AND_CONFIG_MAP: also read aws-auth, for teams migrating. */
        authenticationMode: z.enum(AUTHENTICATION_MODES),
        /** Kubernetes Service CIDR; must not overlap the VPC. */
        serviceCidr: cidr.superRefine((value, issue) => {
            const problem = serviceCidrProblem(value);
            if (problem) issue.addIssue({ code: "custom", message: problem });
        }),
        endpoint: z
            .strictObject({
                /** Reach the API server from the internet (private access is always on). */
                publicAccess: z.boolean(),
                /** Who may reach the public endpoint. */
                publicAccessCidrs: z.array(cidr).max(EKS_LIMITS.publicAccessCidrs, {
                    error: `must list at most ${EKS_LIMITS.publicAccessCidrs} CIDRs (EKS's limit per cluster); merge neighbouring ranges`,
                }),
            })
            .superRefine((endpoint, issue) => {
                if (!endpoint.publicAccess) return;
                if (endpoint.publicAccessCidrs.length === 0) {
                    issue.addIssue({
                        code: "custom",
                        path: ["publicAccessCidrs"],
                        message:
                            "a public endpoint needs an allowlist (EKS would open it to 0.0.0.0/0); list your office/VPN CIDRs or set cluster.endpoint.publicAccess to false",
                    });
                }
                if (ctx.tier === "prod" && endpoint.publicAccessCidrs.includes(OPEN_TO_THE_WORLD)) {
                    issue.addIssue({
                        code: "custom",
                        path: ["publicAccessCidrs"],
                        message: `${OPEN_TO_THE_WORLD} is not allowed in prod; list your office/VPN CIDRs or set cluster.endpoint.publicAccess to false`,
                    });
                }
            }),
        /** Days CloudWatch keeps control-plane logs. */
        logRetentionDays,
        /** An existing KMS key for secrets encryption; when absent the cluster creates its own. */
        secretsKmsKeyArn: z
            .string()
            .regex(KMS_KEY_ARN, { error: "must be a KMS key ARN like arn:aws:kms:eu-west-1:123456789012:key/<key-id>" })
            .optional(),
        /** EKS deletion protection. */
        deletionProtection: z.boolean(),
        /**
         * STANDARD: EKS upgrades the control plane itself when standard support ends.
         * EXTENDED: keeps the version 12 more months at six times the hourly control-plane price.
         */
        supportType: z.enum(["STANDARD", "EXTENDED"]),
        /**
         * Cluster admins: one access entry each (AmazonEKSClusterAdminPolicy, cluster scope), the
         * same whoever runs the program. An update must be run by one of them. Full IAM ARNs (role
         * paths included, as Identity Center roles have) or `role/<path/>name` in the stack's
         * account. The admin allowlist policy reads the same list (`npm run policy-config`).
         * @default the stack's Pulumi Deployments role, `role/eks-platform-deploy/eks-platform-deploy-<stack>`
         */
        admins: z
            .array(z.string().refine(isPrincipalRef, { error: ADMIN_FORMAT }))
            .min(1, { error: `list at least one admin, e.g. ${deploymentsRoleRef(ctx.stack)} (the Pulumi Deployments role)` })
            .superRefine((admins, issue) => {
                admins.forEach((admin, i) => {
                    if (admins.indexOf(admin) !== i) issue.addIssue({ code: "custom", path: [i], message: `${admin} is listed twice; remove one` });
                });
            }),
        /**
         * A read-only role that runs previews (pull-request previews): it gets a view-only access
         * entry (AmazonEKSViewPolicy, cluster scope) and may run `pulumi preview`, never `up`.
         * @default none
         */
        previewRole: z.string().refine(isPrincipalRef, { error: ADMIN_FORMAT }).optional(),
        systemNodes: z
            .strictObject({
                /** Instance types of the system node group (Karpenter and core add-ons run there). */
                instanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, { error: "must be an EC2 instance type like m7i.large" })).min(1),
                /**
                 * ON_DEMAND or SPOT. Spot suits dev: the managed node group replaces a reclaimed node
                 * itself (capacity rebalancing), and several instance types widen the spot pools.
                 */
                capacityType: z.enum(SYSTEM_NODE_CAPACITY_TYPES, { error: `must be ${SYSTEM_NODE_CAPACITY_TYPES.join(" or ")}` }),
                minSize: nodeCount("minSize"),
                desiredSize: nodeCount("desiredSize"),
                maxSize: nodeCount("maxSize"),
                /** Root volume size in GiB (encrypted gp3). */
                diskSizeGiB: z.number().int().min(20).max(1000),
            })
            .superRefine((nodes, issue) => {
                nodes.instanceTypes.forEach((type, i) => {
                    if (!isEc2InstanceType(type)) {
                        const family = sameFamilyTypes(type);
                        issue.addIssue({
                            code: "custom",
                            path: ["instanceTypes", i],
                            message:
                                `${type} is not an EC2 instance type` +
                                (family.length > 0 ? `; ${type.split(".")[0]} has e.g. ${family.join(", ")}` : "; write one like m7i.large"),
                        });
                    } else if (isArm64InstanceType(type)) {
                        issue.addIssue({
                            code: "custom",
                            path: ["instanceTypes", i],
                            message: `${type} is a Graviton (arm64) type and the system nodes run the x86_64 AL2023 AMI; use x86_64 types such as m7i.large`,
                        });
                    }
                });
                if (nodes.minSize > nodes.maxSize) {
                    issue.addIssue({
                        code: "custom",
                        path: ["minSize"],
                        message: `minSize ${nodes.minSize} is above maxSize ${nodes.maxSize}; lower minSize or raise maxSize`,
                    });
                } else if (nodes.desiredSize < nodes.minSize || nodes.desiredSize > nodes.maxSize) {
                    issue.addIssue({
                        code: "custom",
                        path: ["desiredSize"],
                        message: `desiredSize ${nodes.desiredSize} must lie between minSize ${nodes.minSize} and maxSize ${nodes.maxSize}`,
                    });
                }
            }),
        /**
         * Explicit add-on versions (add-on name -> version) instead of the matrix's pin for
         * `version`; each must be one the matrix lists for that Kubernetes version.
         */
        addonVersions: z.record(z.string(), z.string()).optional(),
    }).superRefine((cluster, issue) => {
        for (const problem of addonVersionProblems(cluster.version, cluster.addonVersions ?? {})) {
            issue.addIssue({ code: "custom", path: ["addonVersions", problem.addon], message: problem.message });
        }
    });
}

/** Why each explicit add-on pin cannot be used on `version`; empty when all can. */
export function addonVersionProblems(
    version: (typeof KUBERNETES_VERSIONS)[number],
    pins: Record<string, string>,
): { addon: string; message: string }[] {
    return Object.entries(pins).flatMap(([addon, pinned]) => {
        if (!isAddonName(addon)) {
            return [{ addon, message: "is not a managed add-on of this platform (domain/addon-matrix.ts); remove it or fix its spelling" }];
        }
        const listed = listedAddonVersions(version, addon);
        if (listed.includes(pinned)) return [];
        return [
            {
                addon,
                message: `${pinned} is not listed for Kubernetes ${version} (listed: ${listed.join(", ")}); pick one of those, or check it with \`aws eks describe-addon-versions --kubernetes-version ${version} --addon-name ${addon}\` and add it to domain/addon-matrix.ts`,
            },
        ];
    });
}

export type ClusterConfig = z.infer<ReturnType<typeof clusterSchema>>;

/** True when the Service CIDR and the VPC CIDR share addresses. */
export function serviceCidrOverlapsVpc(serviceCidr: string, vpcCidr: string): boolean {
    const a = parseCidr(serviceCidr);
    const b = parseCidr(vpcCidr);
    return a !== undefined && b !== undefined && cidrsOverlap(a, b);
}
