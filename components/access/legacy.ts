/**
 * The same grants, rendered for the aws-auth ConfigMap of a cluster in API_AND_CONFIG_MAP mode.
 *
 * aws-auth cannot associate EKS access policies; it maps a principal to Kubernetes groups, and
 * RBAC bindings give the groups their rights. Only `system:masters` is bound by Kubernetes
 * itself (to cluster-admin), so:
 * - admin  -> `system:masters`, as AmazonEKSClusterAdminPolicy is cluster-admin;
 * - edit   -> `eks-platform:edit` (cluster scope) or `eks-platform:edit:<ns>` per namespace,
 *             bound to the built-in `edit` ClusterRole by `LegacyGroupBindings`;
 * - view   -> likewise with `view`;
 * - groups -> the entry's own groups, which the team's RBAC binds either way.
 * The built-in `edit`/`view` ClusterRoles are close to, not the same as, the EKS policies
 * (AmazonEKSEditPolicy and AmazonEKSViewPolicy are EKS's own lists), so a principal may see small
 * differences only while aws-auth, not its access entry, authenticates it.
 *
 * Access entries take precedence over aws-auth for the same principal (EKS user guide,
 * "Migrating existing aws-auth ConfigMap entries to access entries"): these mappings apply only
 * when an entry is missing, e.g. while it is being replaced.
 */
import { stringify } from "yaml";
import type { AwsContext } from "../aws-context.js";
import { type AccessGrant, parsePrincipalArn } from "./grants.js";

/** The group prefix of edit/view grants in aws-auth. */
export const LEGACY_GROUP_PREFIX = "eks-platform";
/** The only group Kubernetes binds to cluster-admin without a binding of ours. */
export const CLUSTER_ADMIN_GROUP = "system:masters";

export interface LegacyRoleMapping {
    readonly roleArn: string;
    readonly username: string;
    readonly groups: string[];
}

export interface LegacyUserMapping {
    readonly userArn: string;
    readonly username: string;
    readonly groups: string[];
}

/** The principals aws-auth maps, by kind. */
export interface LegacyMappings {
    readonly roleMappings: LegacyRoleMapping[];
    readonly userMappings: LegacyUserMapping[];
}

/**
 * The `data` of the aws-auth ConfigMap: `mapRoles` and `mapUsers` are YAML documents by the
 * authenticator's format (`rolearn`/`userarn`, `username`, `groups`), serialised from the
 * typed mappings.
 */
export function awsAuthData(mappings: LegacyMappings): { mapRoles: string; mapUsers: string } {
    return {
        mapRoles: stringify(mappings.roleMappings.map((m) => ({ rolearn: m.roleArn, username: m.username, groups: m.groups }))),
        mapUsers: stringify(mappings.userMappings.map((m) => ({ userarn: m.userArn, username: m.username, groups: m.groups }))),
    };
}

/** The aws-auth groups of a grant. */
export function legacyGroups(grant: AccessGrant): string[] {
    switch (grant.level) {
        case "admin":
            return [CLUSTER_ADMIN_GROUP];
        case "groups":
            return [...grant.groups];
        case "edit":
        case "view":
            return grant.scope.type === "cluster"
                ? [`${LEGACY_GROUP_PREFIX}:${grant.level}`]
                : grant.scope.namespaces.map((ns) => `${LEGACY_GROUP_PREFIX}:${grant.level}:${ns}`);
    }
}

/**
 * aws-auth entries for every grant. Role ARNs lose their path: the authenticator compares
 * against the role ARN it derives from the session, which has none (EKS user guide, aws-auth).
 * Usernames are the ones EKS gives access entries by default, so audit logs name a principal
 * the same way whichever mechanism authenticated it.
 */
export function renderLegacyMappings(grants: readonly AccessGrant[], ctx: Pick<AwsContext, "partition">): LegacyMappings {
    const roleMappings: LegacyRoleMapping[] = [];
    const userMappings: LegacyUserMapping[] = [];
    for (const grant of grants) {
        const { accountId, kind, name } = parsePrincipalArn(grant.principalArn);
        const groups = legacyGroups(grant);
        if (kind === "role") {
            roleMappings.push({
                roleArn: `arn:${ctx.partition}:iam::${accountId}:role/${name}`,
                username: `arn:${ctx.partition}:sts::${accountId}:assumed-role/${name}/{{SessionName}}`,
                groups,
            });
        } else {
            userMappings.push({ userArn: grant.principalArn, username: grant.principalArn, groups });
        }
    }
    return { roleMappings, userMappings };
}

/** One RBAC binding that gives an aws-auth edit/view group its rights. */
export interface LegacyBinding {
    /** Resource-name-safe: `<level>` or `<level>-<namespace>`. */
    readonly id: string;
    readonly group: string;
    readonly clusterRole: "edit" | "view";
    /** Absent: a ClusterRoleBinding; present: a RoleBinding in that namespace. */
    readonly namespace?: string;
}

/** The bindings the edit/view groups of these grants need, each once. */
export function legacyBindings(grants: readonly AccessGrant[]): LegacyBinding[] {
    const bindings = new Map<string, LegacyBinding>();
    for (const grant of grants) {
        if (grant.level !== "edit" && grant.level !== "view") continue;
        const clusterRole = grant.level;
        if (grant.scope.type === "cluster") {
            bindings.set(clusterRole, { id: clusterRole, group: `${LEGACY_GROUP_PREFIX}:${clusterRole}`, clusterRole });
        } else {
            for (const namespace of grant.scope.namespaces) {
                const id = `${clusterRole}-${namespace}`;
                bindings.set(id, { id, group: `${LEGACY_GROUP_PREFIX}:${clusterRole}:${namespace}`, clusterRole, namespace });
            }
        }
    }
    return [...bindings.values()];
}
