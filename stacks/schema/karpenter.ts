import { z } from "zod";
import { restrictedNodePoolLabel } from "./karpenter-labels.js";
import type { SchemaContext } from "./common.js";

/** Capacity types a Karpenter NodePool can launch (`karpenter.sh/capacity-type`). */
export const CAPACITY_TYPES = ["on-demand", "spot", "reserved"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/**
 * Values of Karpenter's `karpenter.k8s.aws/instance-category` label: the letters of an EC2
 * instance family before its generation digit (m7i -> m, im4gn -> im, trn1 -> trn).
 */
export const INSTANCE_CATEGORIES = [
    "a", "c", "d", "dl", "f", "g", "gr", "h", "hpc", "i", "im", "inf", "is", "m", "mac", "p", "r", "t", "trn", "u", "vt", "x", "z",
] as const;

export const ARCHITECTURES = ["amd64", "arm64"] as const;

/**
 * The consolidation policies both Karpenter 1.14 and the `@kubernetes-models/karpenter` schema
 * accept. Karpenter 1.14 adds `Balanced`, which the models package does not know yet.
 */
export const CONSOLIDATION_POLICIES = ["WhenEmpty", "WhenEmptyOrUnderutilized"] as const;

/** Reasons a disruption budget can be limited to (NodePool CRD `budgets[].reasons`). */
export const DISRUPTION_REASONS = ["Underutilized", "Empty", "Drifted"] as const;

/** Karpenter's duration format (NodePool CRD): `30s`, `5m`, `1h30m`, or `Never`. */
export const KARPENTER_DURATION = /^(([0-9]+(s|m|h))+|Never)$/;
/** Budget durations: hours and/or minutes only (NodePool CRD `budgets[].duration`). */
const BUDGET_DURATION = /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/;
/** Budget node counts: a whole number or a percentage (NodePool CRD `budgets[].nodes`). */
const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;
/** Label keys: an optional DNS prefix and a name (Kubernetes' qualified names). */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** NodePool names are Kubernetes object names. */
const NODE_POOL_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const duration = (example: string) =>
    z.string().regex(KARPENTER_DURATION, {
        error: (issue) =>
            `${JSON.stringify(issue.input)} is not a Karpenter duration; write a number with s, m or h (e.g. ${example}, 1h30m) or Never`,
    });

const positive = (what: string, example: string) =>
    z
        .number({ error: (issue) => (issue.input === undefined ? `is required: a NodePool must cap its ${what} (e.g. ${example})` : undefined) })
        .positive({ error: `must be above 0: a limit of 0 lets the NodePool launch nothing; write e.g. ${example}, or set enabled: false` });

/** The NodePool CRD's pattern for `budgets[].schedule` (Karpenter v1.14.1): a cron macro or five fields. */
const BUDGET_SCHEDULE = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/;

const budget = z
    .strictObject({
        /** How many nodes may be disrupted at once: a count ("2") or a percentage ("10%"). */
        nodes: z.string().regex(BUDGET_NODES, { error: 'must be a node count or a percentage, e.g. "2" or "10%"' }),
        /** Cron schedule during which the budget applies (needs `duration`). */
        schedule: z
            .string()
            .regex(BUDGET_SCHEDULE, { error: 'must be a cron schedule of five fields or a macro such as @daily, e.g. "0 9 * * mon-fri"' })
            .optional(),
        /** How long the budget applies after each `schedule` tick, e.g. "8h" or "1h30m". */
        duration: z.string().regex(BUDGET_DURATION, { error: 'must be hours and/or minutes, e.g. "8h" or "1h30m"' }).optional(),
        /** Limit the budget to these disruption reasons. */
        reasons: z.array(z.enum(DISRUPTION_REASONS)).min(1).optional(),
    })
    .superRefine((b, issue) => {
        if ((b.schedule === undefined) !== (b.duration === undefined)) {
            issue.addIssue({
                code: "custom",
                path: [b.schedule === undefined ? "schedule" : "duration"],
                message: "schedule and duration go together; set both (e.g. schedule: \"0 9 * * mon-fri\", duration: 8h) or neither",
            });
        }
    });

const nodePool = z.strictObject({
    /** Create this NodePool. @default true */
    enabled: z.boolean().optional(),
    /** Capacity types the pool may launch. */
    capacityTypes: z
        .array(z.enum(CAPACITY_TYPES, { error: `must be one of ${CAPACITY_TYPES.join(", ")}` }))
        .min(1, { error: 'must list at least one capacity type, e.g. ["spot"]' }),
    /** Karpenter tries pools by descending weight (1-100): the heavier pool is preferred. */
    weight: z.number().int().min(1).max(100),
    /** EC2 instance categories, e.g. c, m, r. */
    instanceCategories: z
        .array(
            z.enum(INSTANCE_CATEGORIES, {
                error: (issue) =>
                    `${JSON.stringify(issue.input)} is not an EC2 instance category; use one of ${INSTANCE_CATEGORIES.join(", ")} (the letters of a family before its generation, m7i -> m)`,
            }),
        )
        .min(1),
    /** Oldest instance generation allowed (6 allows m6i, m7i, ... but not m5). */
    minGeneration: z.number().int().min(1).max(20),
    /** CPU architectures; arm64 only when every image the pool may run is multi-arch. */
    architectures: z.array(z.enum(ARCHITECTURES)).min(1),
    /**
     * Smallest instance the pool may launch, in vCPUs. It bounds how many nodes the pool's cpu
     * limit can turn into, and so how many pod IPs it can take from the private subnets. @default 2
     */
    minVcpu: z.number().int().min(1).max(448).optional(),
    /** The most the pool may provision in total: required, so a runaway deployment cannot grow the bill without bound. */
    limits: z.strictObject(
        {
            /** vCPUs across all the pool's nodes. */
            cpu: positive("vCPUs", "cpu: 100"),
            /** Memory in GiB across all the pool's nodes. */
            memoryGiB: positive("memory", "memoryGiB: 400"),
        },
        {
            error: (issue) =>
                issue.input === undefined
                    ? "is required: every NodePool caps what it may launch; set limits.cpu and limits.memoryGiB (e.g. cpu: 100, memoryGiB: 400)"
                    : undefined,
        },
    ),
    disruption: z.strictObject({
        /** WhenEmpty: only remove empty nodes. WhenEmptyOrUnderutilized: also repack pods onto fewer or cheaper nodes. */
        consolidationPolicy: z.enum(CONSOLIDATION_POLICIES, {
            error: `must be ${CONSOLIDATION_POLICIES.join(" or ")} (Balanced needs a newer @kubernetes-models/karpenter)`,
        }),
        /** How long a node must be consolidatable before Karpenter acts. */
        consolidateAfter: duration("30s, 5m"),
        /** Limits on how many nodes Karpenter disrupts at once. */
        budgets: z.array(budget).min(1).max(50),
    }),
    /** Nodes are replaced after this long, so they pick up new AMIs and patches. */
    expireAfter: duration("720h"),
    /** Labels on the pool's nodes, for workloads' nodeSelector. @default none */
    labels: z
        .record(
            z.string().regex(LABEL_KEY),
            z.string().regex(LABEL_VALUE, { error: "must be a Kubernetes label value: up to 63 letters, digits, -, _ and ." }),
            { error: (issue) => (issue.code === "invalid_key" ? "is not a Kubernetes label key; write e.g. team or example.com/team" : undefined) },
        )
        .superRefine((labels, issue) => {
            for (const key of Object.keys(labels)) {
                const refused = restrictedNodePoolLabel(key);
                if (refused) {
                    issue.addIssue({
                        code: "custom",
                        path: [key],
                        message: `${refused} by the Karpenter NodePool CRD (Karpenter sets it itself); use a label of your own domain, e.g. example.com/team`,
                    });
                }
            }
        })
        .optional(),
    /** Taints on the pool's nodes, so only workloads that tolerate them land there. @default none */
    taints: z
        .array(
            z.strictObject({
                key: z.string().regex(LABEL_KEY, { error: "must be a Kubernetes taint key, e.g. dedicated" }),
                value: z.string().regex(LABEL_VALUE).optional(),
                effect: z.enum(TAINT_EFFECTS),
            }),
        )
        .optional(),
});

/** Where the Karpenter controller runs: EKS Fargate (its own profile), or the system node group. */
export const CONTROLLER_PLACEMENTS = ["fargate", "system-nodes"] as const;
export type ControllerPlacement = (typeof CONTROLLER_PLACEMENTS)[number];

/**
 * Upstream max-pods guidance with prefix delegation (EKS best practices, "Prefix mode for Linux"):
 * 110 on instances under 30 vCPUs, 250 at most on larger ones.
 */
export const MAX_PODS_LIMIT = 250;

/** EC2 instance categories with NVIDIA GPUs that Karpenter's nvidia AMI variant serves. */
export const GPU_INSTANCE_CATEGORIES = ["g", "p"] as const;

const gpuPool = z.strictObject({
    /** Create the GPU NodePool, its EC2NodeClass and the NVIDIA device plugin. @default false */
    enabled: z.boolean(),
    /** Capacity types of the GPU pool. */
    capacityTypes: z.array(z.enum(CAPACITY_TYPES)).min(1),
    /** GPU instance categories: g (graphics/inference) and p (training). */
    instanceCategories: z
        .array(z.enum(GPU_INSTANCE_CATEGORIES, { error: `must be one of ${GPU_INSTANCE_CATEGORIES.join(", ")} (EC2's NVIDIA GPU families)` }))
        .min(1),
    /** Oldest instance generation (5: g5, p5 and newer; 4 adds g4dn and p4d). */
    minGeneration: z.number().int().min(4).max(20),
    limits: z.strictObject({
        /** NVIDIA GPUs across all the pool's nodes (`nvidia.com/gpu`). */
        gpus: positive("GPUs", "gpus: 8"),
        /** vCPUs across all the pool's nodes. */
        cpu: positive("vCPUs", "cpu: 192"),
        /** Memory in GiB across all the pool's nodes. */
        memoryGiB: positive("memory", "memoryGiB: 768"),
    }),
    /** Root volume of GPU nodes in GiB: CUDA images are large. */
    volumeSizeGiB: z.number().int().min(50).max(16_384),
    /** Nodes are replaced after this long. */
    expireAfter: duration("720h"),
});

export function karpenterSchema(ctx: SchemaContext) {
    return z.strictObject({
        /**
         * Where the controller runs. fargate: its own Fargate profile, credentials through IRSA
         * (EKS Pod Identity needs its agent DaemonSet, which Fargate does not run); nothing that
         * creates Karpenter waits for the system node group. system-nodes: on the tainted system
         * node group, credentials through EKS Pod Identity.
         */
        controllerOn: z.enum(CONTROLLER_PLACEMENTS, { error: `must be ${CONTROLLER_PLACEMENTS.join(" or ")}` }),
        /** Controller replicas (leader election: one works, the others stand by). */
        controllerReplicas: z.number().int().min(1).max(3),
        /**
         * kubelet maxPods on Karpenter nodes. vpc-cni runs with prefix delegation, so the ENI limit
         * Karpenter would otherwise compute does not apply; upstream guidance is 110 (or up to 250 on
         * instances of 30 vCPUs and more, which every pool would then need).
         */
        maxPods: z.number().int().min(8).max(MAX_PODS_LIMIT, { error: `must be at most ${MAX_PODS_LIMIT} (upstream's ceiling with prefix delegation)` }),
        /** The optional NVIDIA GPU NodePool (tainted nvidia.com/gpu=true:NoSchedule). */
        gpu: gpuPool,
        /**
         * Create the account-wide EC2 Spot service-linked role. Needed once per account before
         * the first spot launch; creating it fails when it exists already, so it is off by default.
         */
        createSpotServiceLinkedRole: z.boolean(),
        /** Root volume of Karpenter nodes in GiB (encrypted gp3). */
        nodeVolumeSizeGiB: z.number().int().min(20).max(16_384),
        /** NodePools by name. Pools from the tier defaults merge with what the stack file sets. */
        nodePools: z
            .record(z.string().regex(NODE_POOL_NAME), nodePool, {
                error: (issue) =>
                    issue.code === "invalid_key"
                        ? "is not a NodePool name; use lower-case letters, digits and - (e.g. on-demand)"
                        : undefined,
            })
            .superRefine((pools, issue) => {
                if (!Object.values(pools).some((p) => p.enabled !== false)) {
                    issue.addIssue({
                        code: "custom",
                        message: "enable at least one NodePool, or workloads have nowhere to run (the system nodes are tainted)",
                    });
                }
            }),
    }).superRefine((karpenter, issue) => {
        if (ctx.tier === "prod" && karpenter.controllerReplicas < 2) {
            issue.addIssue({
                code: "custom",
                path: ["controllerReplicas"],
                message: "prod runs at least 2 controller replicas, so provisioning survives losing one; set 2",
            });
        }
    });
}

export type KarpenterConfig = z.infer<ReturnType<typeof karpenterSchema>>;
export type NodePoolConfig = KarpenterConfig["nodePools"][string];
export type GpuPoolConfig = KarpenterConfig["gpu"];
