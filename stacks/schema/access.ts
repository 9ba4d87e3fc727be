import { z } from "zod";
import { IAM_PRINCIPAL_ARN } from "./cluster.js";
import { repositoryFullName } from "./registries.js";
import { principalMatches } from "../../domain/principals.js";

/** How much of the cluster a principal gets; see README.md#how-access-is-granted. */
export const ACCESS_LEVELS = ["admin", "edit", "view", "groups"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
/** Integrations are third parties: never cluster admin, and no access unless asked. */
export const INTEGRATION_ACCESS_LEVELS = ["none", "view", "edit"] as const;
export type IntegrationAccessLevel = (typeof INTEGRATION_ACCESS_LEVELS)[number];
export const ACCESS_SCOPES = ["cluster", "namespace"] as const;
export type AccessScope = (typeof ACCESS_SCOPES)[number];

/** Where a config error about external IDs points, and how to set one. */
export const EXTERNAL_IDS_KEY = "integrationExternalIds";
export function setExternalIdCommand(integration: string, stack: string): string {
    return `pulumi config set --secret --path '${EXTERNAL_IDS_KEY}.${integration}' <the external ID the vendor gave you> --stack ${stack}`;
}

/** Kubernetes namespace names (DNS-1123 labels). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Kubernetes group names as access entries accept them; `system:` ones are Kubernetes' own. */
const GROUP = /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,254}$/;
/** IAM role names hold `<cluster>-integration-<name>`, so integration names stay short. */
const INTEGRATION_NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;
/** sts:ExternalId: 2-1224 characters of [\w+=,.@:/-] (AssumeRole API). */
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;
const ACCOUNT_ID = /^\d{12}$/;
/** SES identities: a domain or an email address. */
const SES_IDENTITY = /^([^@\s]+@)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
/** The services whose bearer tokens STS hands out (`sts:AWSServiceName`); ECR logins need none. */
export const BEARER_TOKEN_SERVICES = ["codeartifact.amazonaws.com"] as const;

/** One principal's access to the cluster, as written in config (checked as a whole in `checkEntry`). */
export interface AccessEntryConfig {
    /** IAM role or user ARN. */
    readonly principalArn: string;
    readonly level: AccessLevel;
    /** edit/view only: `namespace` (default) or `cluster`. */
    readonly scope?: AccessScope;
    /** The namespaces a namespace-scoped edit/view entry covers. */
    readonly namespaces?: readonly string[];
    /** Kubernetes groups of a `groups` entry; the team's own RBAC binds them. */
    readonly groups?: readonly string[];
}

const entryShape = z.strictObject({
    principalArn: z.string(),
    level: z.string(),
    scope: z.string().optional(),
    namespaces: z.array(z.string()).optional(),
    groups: z.array(z.string()).optional(),
});

type Issue = { addIssue: (issue: { code: "custom"; path: PropertyKey[]; message: string }) => void };

/**
 * Every field is checked together so each message can name the entry's principal: an index
 * alone is hard to find in a long list.
 */
function checkEntry(entry: z.infer<typeof entryShape>, issue: Issue): void {
    const who = `entry for ${entry.principalArn}`;
    if (!IAM_PRINCIPAL_ARN.test(entry.principalArn)) {
        issue.addIssue({
            code: "custom",
            path: ["principalArn"],
            message: `"${entry.principalArn}" is not an IAM role or user ARN; write it like arn:aws:iam::123456789012:role/platform-admins`,
        });
    }
    if (!(ACCESS_LEVELS as readonly string[]).includes(entry.level)) {
        issue.addIssue({
            code: "custom",
            path: ["level"],
            message: `"${entry.level}" is not an access level (${who}); write one of ${ACCESS_LEVELS.join(", ")}`,
        });
        return;
    }
    if (entry.scope !== undefined && !(ACCESS_SCOPES as readonly string[]).includes(entry.scope)) {
        issue.addIssue({ code: "custom", path: ["scope"], message: `"${entry.scope}" is not a scope (${who}); write cluster or namespace` });
        return;
    }
    const level = entry.level as AccessLevel;
    if (level === "admin" || level === "groups") {
        if (entry.scope !== undefined || entry.namespaces !== undefined) {
            issue.addIssue({
                code: "custom",
                path: [entry.namespaces !== undefined ? "namespaces" : "scope"],
                message:
                    level === "admin"
                        ? `admin is cluster-wide (${who}); remove scope/namespaces, or use level edit with namespaces`
                        : `a groups entry gets what the team's RBAC binds to its groups (${who}); remove scope/namespaces`,
            });
        }
    } else {
        checkScope(entry, who, [], issue);
    }
    if (level === "groups") {
        if (!entry.groups || entry.groups.length === 0) {
            issue.addIssue({ code: "custom", path: ["groups"], message: `a groups entry needs groups (${who}); list the Kubernetes groups its RBAC binds` });
        }
        entry.groups?.forEach((group, i) => {
            if (group.startsWith("system:")) {
                issue.addIssue({
                    code: "custom",
                    path: ["groups", i],
                    message: `"${group}" is a Kubernetes system group (${who}); use level admin for cluster admin, or a group of your own`,
                });
            } else if (!GROUP.test(group)) {
                issue.addIssue({ code: "custom", path: ["groups", i], message: `"${group}" is not a Kubernetes group name (${who}); use letters, digits and : . _ @ -` });
            }
        });
    } else if (entry.groups !== undefined) {
        issue.addIssue({ code: "custom", path: ["groups"], message: `groups only go with level groups (${who}); remove them or set level: groups` });
    }
}

/** edit/view: namespace scope (the default) needs namespaces; cluster scope takes none. */
function checkScope(entry: { scope?: string; namespaces?: string[] }, who: string, at: PropertyKey[], issue: Issue): void {
    const scope = entry.scope ?? "namespace";
    if (scope === "namespace" && (!entry.namespaces || entry.namespaces.length === 0)) {
        issue.addIssue({
            code: "custom",
            path: [...at, "namespaces"],
            message: `namespace scope needs namespaces (${who}); list them under namespaces, or set scope: cluster`,
        });
    }
    if (scope === "cluster" && entry.namespaces !== undefined) {
        issue.addIssue({ code: "custom", path: [...at, "namespaces"], message: `cluster scope takes no namespaces (${who}); remove them or set scope: namespace` });
    }
    const seen = new Set<string>();
    entry.namespaces?.forEach((ns, i) => {
        if (!NAMESPACE.test(ns)) {
            issue.addIssue({ code: "custom", path: [...at, "namespaces", i], message: `"${ns}" is not a namespace name (${who}); use lowercase letters, digits and -` });
        } else if (seen.has(ns)) {
            issue.addIssue({ code: "custom", path: [...at, "namespaces", i], message: `"${ns}" is listed twice (${who}); remove one` });
        }
        seen.add(ns);
    });
}

const accessEntry = entryShape.superRefine(checkEntry).transform((entry) => entry as AccessEntryConfig);

const integration = z.strictObject({
    /** Short name: the role is `<cluster>-integration-<name>`; the external ID is looked up by it. */
    name: z.string().regex(INTEGRATION_NAME, { error: "must be 1-31 lowercase letters, digits or -, starting with a letter or digit" }),
    /** The vendor's AWS account; its principals may assume the role with the external ID. */
    trustedAccountId: z.string().regex(ACCOUNT_ID, { error: "must be the vendor's 12-digit AWS account id" }),
    /** What the integration may do; each capability is scoped to this stack's resources. */
    capabilities: z.strictObject({
        /** Repositories (as named under registries.repositories) it may pull from. @default [] */
        ecrPull: z.array(z.string()).default([]),
        /** Repositories it may push to. @default [] */
        ecrPush: z.array(z.string()).default([]),
        /** `eks:DescribeCluster` on this cluster only (what `aws eks update-kubeconfig` needs). @default false */
        describeCluster: z.boolean().default(false),
        /** SES identities (domains or addresses) it may send email as. @default [] */
        sesSendFrom: z
            .array(z.string().regex(SES_IDENTITY, { error: "must be an SES identity: a domain like example.com or an address like noreply@example.com" }))
            .default([]),
        /** Services it may get STS bearer tokens for (`sts:GetServiceBearerToken`). @default [] */
        bearerTokenServices: z.array(z.enum(BEARER_TOKEN_SERVICES)).default([]),
    }),
    /** Its Kubernetes access: none (the default), or view/edit, namespace-scoped unless told otherwise. */
    access: z
        .strictObject({
            level: z.enum(INTEGRATION_ACCESS_LEVELS, {
                error: `must be one of ${INTEGRATION_ACCESS_LEVELS.join(", ")}; an integration is never cluster admin`,
            }),
            scope: z.enum(ACCESS_SCOPES).optional(),
            namespaces: z.array(z.string()).optional(),
        })
        .default({ level: "none" }),
}).superRefine((integration, issue) => {
    const access = integration.access;
    if (!access || !(INTEGRATION_ACCESS_LEVELS as readonly string[]).includes(access.level)) return;
    const who = `integration ${integration.name}`;
    if (access.level === "none") {
        if (access.scope !== undefined || access.namespaces !== undefined) {
            issue.addIssue({ code: "custom", path: ["access", "level"], message: `level none takes no scope or namespaces (${who}); remove them or set level view or edit` });
        }
        return;
    }
    checkScope(access, who, ["access"], issue);
});

export type IntegrationConfig = z.infer<typeof integration>;

export function accessSchema() {
    return z.strictObject({
        /** IAM principals and their level; cluster.admins get their entries from the cluster. */
        entries: z.array(accessEntry).superRefine((entries, issue) => {
            const seen = new Map<string, number>();
            entries.forEach((entry, index) => {
                const first = seen.get(entry.principalArn);
                if (first !== undefined) {
                    issue.addIssue({
                        code: "custom",
                        path: [index, "principalArn"],
                        message: `${entry.principalArn} already has access.entries[${first}]; EKS allows one access entry per principal: merge the two`,
                    });
                } else {
                    seen.set(entry.principalArn, index);
                }
            });
        }),
        /** Third-party integrations: one IAM role each, assumable only with its external ID. */
        integrations: z.array(integration).superRefine((integrations, issue) => {
            const seen = new Set<string>();
            integrations.forEach((i, index) => {
                if (seen.has(i.name)) {
                    issue.addIssue({ code: "custom", path: [index, "name"], message: `"${i.name}" names two integrations; give each its own name` });
                }
                seen.add(i.name);
            });
        }),
    });
}

export type AccessConfig = z.infer<ReturnType<typeof accessSchema>>;

/**
 * The secret `integrationExternalIds` map (integration name -> external ID). Messages never
 * echo a value: it is a secret.
 */
export const externalIdsSchema = z.record(
    z.string(),
    z.string({ error: "must be a string (the external ID)" }).superRefine((value, issue) => {
        if (!EXTERNAL_ID.test(value)) {
            issue.addIssue({ code: "custom", message: "is not a valid external ID: 2-1224 letters, digits and + = , . @ : / - _" });
        }
    }),
    { error: "must be a map of integration name to external ID, each set with pulumi config set --secret --path" },
);

/** IAM role names are at most 64 characters. */
const MAX_ROLE_NAME = 64;

/** The IAM role name of an integration: explicit, so its ARN is known before it exists. */
export function integrationRoleName(clusterName: string, integration: string): string {
    return `${clusterName}-integration-${integration}`;
}

/** What the access slice must agree on with the others; zod calls this even when parts are malformed. */
export interface CrossSliceInput {
    readonly stack: string;
    readonly clusterName: unknown;
    /** `cluster.admins` and `cluster.previewRole`: they get their access entries from the cluster. */
    readonly admins: unknown;
    readonly previewRole: unknown;
    readonly access: unknown;
    readonly registries: unknown;
    readonly externalIds: unknown;
}

export interface CrossSliceProblem {
    readonly path: PropertyKey[];
    readonly message: string;
}

/**
 * Checks across slices: no entry for an admin or the preview role (the cluster gives them theirs),
 * every integration has an external ID and a role name IAM accepts, and names only
 * repositories this stack creates.
 */
export function accessCrossSliceProblems(input: CrossSliceInput): CrossSliceProblem[] {
    const problems: CrossSliceProblem[] = [];
    const access = input.access as Partial<AccessConfig> | undefined;
    const entries = Array.isArray(access?.entries) ? access.entries : [];
    const integrations = Array.isArray(access?.integrations) ? access.integrations : [];

    const clusterPrincipals: [string, string][] = [
        ...(Array.isArray(input.admins) ? input.admins : []).map((ref, i): [string, string] => [String(ref), `cluster.admins[${i}]`]),
        ...(typeof input.previewRole === "string" ? [[input.previewRole, "cluster.previewRole"] as [string, string]] : []),
    ];
    entries.forEach((entry, index) => {
        if (typeof entry?.principalArn !== "string") return;
        const clash = clusterPrincipals.find(([ref]) => principalMatches(ref, entry.principalArn));
        if (clash) {
            problems.push({
                path: ["access", "entries", index, "principalArn"],
                message: `${entry.principalArn} is ${clash[1]}, which already has its access entry (EKS allows one per principal); remove this entry`,
            });
        }
    });
    if (typeof input.previewRole === "string" && Array.isArray(input.admins) && input.admins.includes(input.previewRole)) {
        problems.push({
            path: ["cluster", "previewRole"],
            message: `${input.previewRole} is also in cluster.admins; the preview role is read-only: use a role of its own`,
        });
    }

    const ids = typeof input.externalIds === "object" && input.externalIds !== null ? (input.externalIds as Record<string, unknown>) : {};
    const names = new Set<string>();
    const known = knownRepositories(input.registries);
    integrations.forEach((integration, index) => {
        if (typeof integration?.name !== "string") return;
        names.add(integration.name);
        if (!(integration.name in ids)) {
            problems.push({
                path: [EXTERNAL_IDS_KEY, integration.name],
                message: `integration "${integration.name}" has no external ID; run \`${setExternalIdCommand(integration.name, input.stack)}\``,
            });
        }
        if (typeof input.clusterName === "string") {
            const roleName = integrationRoleName(input.clusterName, integration.name);
            if (roleName.length > MAX_ROLE_NAME) {
                problems.push({
                    path: ["access", "integrations", index, "name"],
                    message: `the role name ${roleName} is longer than IAM's ${MAX_ROLE_NAME} characters; shorten the integration name or cluster.name`,
                });
            }
        }
        for (const kind of ["ecrPull", "ecrPush"] as const) {
            const listed = integration.capabilities?.[kind];
            if (!Array.isArray(listed)) continue;
            listed.forEach((repo, i) => {
                if (!known.has(repo)) {
                    problems.push({
                        path: ["access", "integrations", index, "capabilities", kind, i],
                        message: `"${repo}" is not a repository of this stack (${[...new Set(known.values())].join(", ") || "none"}); add it to registries.repositories or fix the name`,
                    });
                }
            });
        }
    });
    for (const name of Object.keys(ids)) {
        if (!names.has(name)) {
            problems.push({ path: [EXTERNAL_IDS_KEY, name], message: `no integration is named "${name}"; remove the key or add the integration under access.integrations` });
        }
    }
    return problems;
}

/** Repository names an integration may use: as written in config, or the full ECR name -> full name. */
export function knownRepositories(registries: unknown): Map<string, string> {
    const known = new Map<string, string>();
    const r = registries as { prefix?: unknown; satelliteId?: unknown; repositories?: unknown } | undefined;
    if (!r || !Array.isArray(r.repositories)) return known;
    const prefix = typeof r.prefix === "string" ? r.prefix : undefined;
    const satelliteId = typeof r.satelliteId === "string" ? r.satelliteId : undefined;
    for (const repo of r.repositories as unknown[]) {
        const name = typeof repo === "string" ? repo : (repo as { name?: unknown } | null)?.name;
        if (typeof name !== "string") continue;
        const full = repositoryFullName(prefix, satelliteId, name);
        known.set(name, full);
        known.set(full, full);
    }
    return known;
}
