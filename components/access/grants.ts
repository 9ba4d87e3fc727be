/**
 * The one table of who gets into the cluster: config entries and integration roles,
 * flattened into grants that access entries, the aws-auth rendering and the stack's
 * "who has what" output are all built from. Pure functions, no Pulumi resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccessConfig, AccessLevel, IntegrationConfig } from "../../stacks/schema/access.js";
import { integrationRoleName } from "../../stacks/schema/access.js";
import type { AwsContext } from "../aws-context.js";
import { ACCESS_POLICIES } from "../cluster/iam.js";

export type PrincipalKind = "role" | "user";

export type GrantScope = { readonly type: "cluster" } | { readonly type: "namespace"; readonly namespaces: readonly string[] };

/** One principal's access to the cluster. */
export interface AccessGrant {
    /** Resource-name-safe and unique per principal: `<kind>-<account>-<name>` or `integration-<name>`. */
    readonly id: string;
    readonly principalArn: string;
    readonly kind: PrincipalKind;
    /** Where the grant comes from: `access.entries[<i>]` or `access.integrations[<i>]`. */
    readonly source: string;
    readonly level: AccessLevel;
    /** Cluster scope for admin and groups; edit/view as configured. */
    readonly scope: GrantScope;
    /** Kubernetes groups of a `groups` grant; empty otherwise. */
    readonly groups: readonly string[];
    /** The integration whose role this grant is for. */
    readonly integration?: string;
}

const PRINCIPAL = /^arn:(aws[a-z-]*):iam::(\d{12}):(role|user)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** Splits an IAM role or user ARN; the name drops the path (IAM names are unique per account regardless of path). */
export function parsePrincipalArn(arn: string): { partition: string; accountId: string; kind: PrincipalKind; name: string } {
    const match = PRINCIPAL.exec(arn);
    if (!match) throw new pulumi.RunError(`access: "${arn}" is not an IAM role or user ARN`);
    return { partition: match[1]!, accountId: match[2]!, kind: match[3] as PrincipalKind, name: match[4]! };
}

/** The integration role's ARN, known before the role exists because its name is explicit. */
export function integrationRoleArn(ctx: AwsContext, clusterName: string, integration: string): string {
    return `arn:${ctx.partition}:iam::${ctx.accountId}:role${ctx.iam?.path ?? "/"}${integrationRoleName(clusterName, integration)}`;
}

/** The EKS access policy a level associates; `groups` has none (the team's RBAC decides). */
export function accessPolicyFor(level: AccessLevel): (typeof ACCESS_POLICIES)[keyof typeof ACCESS_POLICIES] | undefined {
    switch (level) {
        case "admin":
            return ACCESS_POLICIES.clusterAdmin;
        case "edit":
            return ACCESS_POLICIES.edit;
        case "view":
            return ACCESS_POLICIES.view;
        case "groups":
            return undefined;
    }
}

/** Config entries then integrations (those with Kubernetes access), in config order. */
export function buildGrants(config: AccessConfig, ctx: AwsContext, clusterName: string): AccessGrant[] {
    const entries = config.entries.map((entry, index): AccessGrant => {
        const { accountId, kind, name } = parsePrincipalArn(entry.principalArn);
        const scope: GrantScope =
            (entry.level === "edit" || entry.level === "view") && (entry.scope ?? "namespace") === "namespace"
                ? { type: "namespace", namespaces: entry.namespaces ?? [] }
                : { type: "cluster" };
        return {
            id: `${kind}-${accountId}-${name}`,
            principalArn: entry.principalArn,
            kind,
            source: `access.entries[${index}]`,
            level: entry.level,
            scope,
            groups: entry.level === "groups" ? (entry.groups ?? []) : [],
        };
    });
    const integrations = config.integrations.flatMap((integration, index): AccessGrant[] => {
        const grant = integrationGrant(integration, ctx, clusterName);
        return grant ? [{ ...grant, source: `access.integrations[${index}]` }] : [];
    });
    return [...entries, ...integrations];
}

function integrationGrant(integration: IntegrationConfig, ctx: AwsContext, clusterName: string): Omit<AccessGrant, "source"> | undefined {
    const { access } = integration;
    if (access.level === "none") return undefined;
    return {
        id: `integration-${integration.name}`,
        principalArn: integrationRoleArn(ctx, clusterName, integration.name),
        kind: "role",
        level: access.level,
        scope: (access.scope ?? "namespace") === "namespace" ? { type: "namespace", namespaces: access.namespaces ?? [] } : { type: "cluster" },
        groups: [],
        integration: integration.name,
    };
}

/** One row of the "who has what" output. */
export interface AccessRow {
    readonly principal: string;
    readonly level: AccessLevel;
    /** `cluster`, `namespaces: a, b`, or `rbac` (a groups grant: whatever the team's bindings allow). */
    readonly scope: string;
    /** The EKS access policy, or the Kubernetes groups of a `groups` grant. */
    readonly grants: string;
    readonly source: string;
}

/** The principals the cluster itself gives access: `cluster.admins` (full ARNs) and the preview role. */
export interface ClusterPrincipals {
    readonly admins: readonly string[];
    readonly previewRoleArn?: string;
}

/** Who has what, admins first: the table a reviewer reads before approving a change. */
export function accessTable(grants: readonly AccessGrant[], cluster: ClusterPrincipals): AccessRow[] {
    const admins = cluster.admins.map(
        (principal, i): AccessRow => ({ principal, level: "admin", scope: "cluster", grants: ACCESS_POLICIES.clusterAdmin, source: `cluster.admins[${i}]` }),
    );
    const preview: AccessRow[] = cluster.previewRoleArn
        ? [{ principal: cluster.previewRoleArn, level: "view", scope: "cluster", grants: ACCESS_POLICIES.view, source: "cluster.previewRole" }]
        : [];
    return [
        ...admins,
        ...preview,
        ...grants.map((g) => ({
            principal: g.principalArn,
            level: g.level,
            scope: g.level === "groups" ? "rbac" : g.scope.type === "cluster" ? "cluster" : `namespaces: ${g.scope.namespaces.join(", ")}`,
            grants: accessPolicyFor(g.level) ?? `groups: ${g.groups.join(", ")}`,
            source: g.source,
        })),
    ];
}
