/**
 * Config of the deployments program: which repository, which Pulumi organization, and per
 * platform stack how it deploys. Parsed once; errors name the key and what to write instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

export const DEPLOYMENTS_NAMESPACE = "eks-platform-deployments";

export const TRIGGERS = ["push", "release"] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const OPERATIONS = ["preview", "update", "refresh", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const POLICY_MODES = ["audit", "preventative"] as const;

/** Five-field cron as Pulumi Cloud schedules take it. */
const CRON = /^(\S+\s+){4}\S+$/;

/** Per-trigger defaults: a push-deployed stack is cheap to redo; a released one is guarded. */
export function stackDefaults(trigger: Trigger) {
    return trigger === "push"
        ? { driftSchedule: "0 6 * * 1-5", operations: [...OPERATIONS], policyMode: "preventative" as const }
        : // Drift on prod is checked every four hours and never auto-remediated; destroy is for humans only.
          { driftSchedule: "0 */4 * * *", operations: ["preview", "update", "refresh"] as Operation[], policyMode: "preventative" as const };
}

const stackSchema = z.strictObject({
    /** push: every push to the branch deploys. release: only a release tag (GitHub workflow) or a manual run. */
    trigger: z.enum(TRIGGERS),
    /** Cron of drift detection. @default push: weekdays 06:00 UTC; release: every four hours */
    driftSchedule: z.string().regex(CRON, { error: 'must be a five-field cron like "0 */4 * * *"' }).optional(),
    /** Operations the stack's deploy role may be assumed for. @default push: all; release: all but destroy */
    operations: z.array(z.enum(OPERATIONS)).min(1).optional(),
    /** audit reports policy violations; preventative blocks the update. @default preventative */
    policyMode: z.enum(POLICY_MODES).optional(),
    /**
     * A customer-managed Pulumi Deployments agent pool to run on. A stack whose EKS endpoint is
     * private (prod's default) needs one inside its VPC: the hosted runners cannot reach the
     * Kubernetes API. @default Pulumi's hosted runners
     */
    agentPoolId: z.string().regex(/^[A-Za-z0-9-]+$/, { error: "must be the id of a Pulumi Deployments agent pool" }).optional(),
});

export const deploymentsSchema = z.strictObject({
    /** The Pulumi organization; the OIDC audience, compared case-sensitively. */
    organization: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "must be your Pulumi organization name, e.g. acme-platform" }),
    /** The GitHub repository of the platform program. */
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: "must be owner/name, e.g. acme-platform/eks-platform" }),
    /** The platform's Pulumi project. @default eks-platform */
    platformProject: z.string().min(1).default("eks-platform"),
    /** The branch pushes deploy from. @default main */
    branch: z.string().min(1).default("main"),
    /** Where the platform's Pulumi.yaml sits in the repository. @default . */
    repoDir: z.string().min(1).default("."),
    /** An existing `https://api.pulumi.com/oidc` provider (AWS allows one per account). @default created */
    oidcProviderArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/, {
            error: "must be the ARN of the api.pulumi.com/oidc provider, e.g. arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc",
        })
        .optional(),
    /**
     * Extra AWS managed policies of the deploy roles, on top of their own policies (the platform's
     * services, and IAM only under the stack's path with its permissions boundary). Anything listed
     * here widens every deploy role: AdministratorAccess or IAMFullAccess would undo the boundary.
     * @default []
     */
    deployRoleManagedPolicies: z.array(z.string().regex(/^[A-Za-z0-9+=,.@_/-]+$/)).default([]),
    /** Assume-role session length; an EKS cluster takes ~15 minutes to create. @default 1h */
    sessionDuration: z.string().regex(/^(\d+h)?(\d+m)?(\d+s)?$/, { error: 'must look like "1h" or "1h30m"' }).default("1h"),
    /** The platform stacks to configure, by name. */
    stacks: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), stackSchema).refine((s) => Object.keys(s).length > 0, {
        error: "list at least one platform stack, e.g. dev: { trigger: push }",
    }),
});

export interface StackDeploymentConfig {
    readonly name: string;
    readonly trigger: Trigger;
    readonly driftSchedule: string;
    readonly operations: Operation[];
    readonly policyMode: (typeof POLICY_MODES)[number];
    readonly agentPoolId?: string;
}

export interface DeploymentsConfig extends Omit<z.infer<typeof deploymentsSchema>, "stacks"> {
    readonly stacks: StackDeploymentConfig[];
}

export class DeploymentsConfigError extends pulumi.RunError {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid config (keys are under ${DEPLOYMENTS_NAMESPACE}:):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "DeploymentsConfigError";
    }
}

/** Parses raw config (`namespace:key` -> string, objects JSON-encoded). */
export function parseDeploymentsConfig(values: Readonly<Record<string, string>>): DeploymentsConfig {
    const prefix = `${DEPLOYMENTS_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(values)) {
        if (!key.startsWith(prefix)) continue;
        try {
            raw[key.slice(prefix.length)] = JSON.parse(text);
        } catch {
            raw[key.slice(prefix.length)] = text;
        }
    }
    const result = deploymentsSchema.safeParse(raw);
    if (!result.success) {
        throw new DeploymentsConfigError(
            result.error.issues.map((i) => {
                const key = i.path.map(String).join(".") || "(root)";
                if (i.code === "unrecognized_keys") return `${[key, ...i.keys].filter((k) => k !== "(root)").join(".")}: is not a known key; remove it`;
                return `${key}: ${i.message}`;
            }),
        );
    }
    const { stacks, ...rest } = result.data;
    return {
        ...rest,
        stacks: Object.entries(stacks).map(([name, s]) => ({ name, trigger: s.trigger, ...stackDefaults(s.trigger), ...dropUndefined(s) })),
    };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
