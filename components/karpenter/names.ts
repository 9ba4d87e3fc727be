import { createHash } from "node:crypto";

/** `name` if it fits in `max` characters, else its start and a short hash of the whole, so it stays unique. */
export function boundedName(name: string, max: number): string {
    if (name.length <= max) return name;
    const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
    return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/**
 * The Karpenter node role's name. Named rather than auto-named so the EC2NodeClass, which takes
 * the role by name, is fully known at preview (and checked by policy there). IAM is global, so
 * the region keeps two clusters of one name in different regions apart. IAM allows 64 characters.
 */
export function nodeRoleName(clusterName: string, region: string): string {
    return boundedName(`KarpenterNode-${clusterName}-${region}`, 64);
}

/** The interruption queue's name (SQS allows 80 characters); Karpenter's chart takes the name, not the URL. */
export function interruptionQueueName(clusterName: string): string {
    return boundedName(`${clusterName}-karpenter`, 80);
}

/** Where the chart's service account lives; the Pod Identity association is for exactly this one. */
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";

/**
 * The controller pods' selector labels (`karpenter.selectorLabels` in the chart's _helpers.tpl at
 * 1.14.1: the chart name and the release name, which is "karpenter"). The Fargate profile selects these.
 */
export const KARPENTER_POD_LABELS = { "app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": "karpenter" } as const;

/** The discovery tag Karpenter's subnet and security-group selectors match. */
export const DISCOVERY_TAG_KEY = "karpenter.sh/discovery";
