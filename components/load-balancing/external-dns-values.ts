import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from "../cluster/system-nodes.js";
import type { EXTERNAL_DNS_POLICIES } from "../../stacks/schema/load-balancing.js";
import { EXTERNAL_DNS_RECORD_TYPES } from "./external-dns-policy.js";

export const EXTERNAL_DNS_NAMESPACE = "external-dns";
export const EXTERNAL_DNS_RELEASE = "external-dns";
export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

/** Sources external-dns watches (`--source`): Services, Ingresses and Traefik's IngressRoutes. */
export const EXTERNAL_DNS_SOURCES = ["service", "ingress", "traefik-proxy"] as const;

/**
 * The values this platform sets on the external-dns chart, typed after its values.yaml and
 * values.schema.json at chart 1.21.1 (tests pin the key paths).
 */
export interface ExternalDnsValues {
    readonly provider: { readonly name: "aws" };
    readonly serviceAccount: { readonly create: boolean; readonly name: string };
    readonly sources: string[];
    readonly domainFilters: string[];
    readonly txtOwnerId: string;
    readonly policy: (typeof EXTERNAL_DNS_POLICIES)[number];
    readonly registry: "txt";
    readonly interval: string;
    readonly triggerLoopOnEvent: boolean;
    readonly managedRecordTypes: string[];
    readonly extraArgs: Record<string, string | string[]>;
    readonly env: { name: string; value: string }[];
    readonly resources: { readonly requests: Record<string, string>; readonly limits: Record<string, string> };
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: { key: string; operator: "Exists"; effect: "NoSchedule" }[];
}

export interface ExternalDnsValuesOptions {
    readonly clusterName: string;
    readonly subdomain: string;
    readonly hostedZoneId: string;
    readonly region: string;
    readonly policy: ExternalDnsValues["policy"];
    readonly interval: string;
}

export function externalDnsValues(options: ExternalDnsValuesOptions): ExternalDnsValues {
    return {
        provider: { name: "aws" },
        serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
        sources: [...EXTERNAL_DNS_SOURCES],
        // Names under the cluster subdomain only, and ownership by cluster name: two clusters in one zone never fight.
        domainFilters: [options.subdomain],
        txtOwnerId: options.clusterName,
        policy: options.policy,
        registry: "txt",
        interval: options.interval,
        // Reconcile soon after a source changes, not only every interval: a deleted Ingress
        // loses its record while the controller is still deleting its ALB (see README, Teardown).
        triggerLoopOnEvent: true,
        managedRecordTypes: [...EXTERNAL_DNS_RECORD_TYPES.filter((t) => t !== "TXT")],
        extraArgs: {
            // The one zone of this stack, never another zone that happens to match the domain filter.
            "zone-id-filter": [options.hostedZoneId],
            "aws-zone-type": "public",
        },
        // Pod Identity gives credentials, not a region, and the pod cannot reach IMDS (hop limit 1).
        env: [{ name: "AWS_REGION", value: options.region }],
        resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        nodeSelector: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        tolerations: [{ key: SYSTEM_NODE_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
    };
}

/**
 * The teardown check for records external-dns leaves behind: with `upsert-only` (prod) it never
 * deletes, and with `sync` a source deleted in the last seconds before external-dns itself may
 * be missed. Its TXT registry records carry `external-dns/owner=<txtOwnerId>`; this lists them,
 * and each one's name (less the `a-`/`cname-` prefix) is a record to delete with it.
 */
export function externalDnsLeftoversCommand(hostedZoneId: string, clusterName: string): string {
    return (
        `aws route53 list-resource-record-sets --hosted-zone-id ${hostedZoneId} ` +
        `--query "ResourceRecordSets[?Type=='TXT' && contains(to_string(ResourceRecords), 'external-dns/owner=${clusterName}')].Name" --output text`
    );
}
