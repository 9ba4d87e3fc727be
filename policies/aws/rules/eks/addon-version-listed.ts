import type { PolicyResource } from "@pulumi/policy";
import { isAddonName, listedAddonVersions } from "../../../../domain/addon-matrix.js";
import { KUBERNETES_VERSIONS, type KubernetesVersion } from "../../../../domain/versions.js";
import { CLUSTER_TYPES } from "../../../lib/eks.js";
import { stackRule } from "../../../lib/rule.js";
import { T } from "../../../lib/types.js";
import { isUnknown, peek } from "../../../lib/values.js";

function knownString(props: Record<string, unknown>, key: string): string | undefined {
    const value = peek(props, key);
    return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

function isKubernetesVersion(value: string | undefined): value is KubernetesVersion {
    return (KUBERNETES_VERSIONS as readonly string[]).includes(value ?? "");
}

/**
 * The Kubernetes version of the cluster an add-on belongs to: the one cluster of the stack, or
 * the one whose name the add-on names. Undefined when it cannot be known (yet).
 */
function clusterVersionOf(addon: PolicyResource, clusters: readonly PolicyResource[]): string | undefined {
    const versions = new Set(clusters.map((c) => knownString(c.props, "version")));
    if (versions.size === 1) return [...versions][0];
    const clusterName = knownString(addon.props, "clusterName");
    const match = clusters.find((c) => clusterName !== undefined && knownString(c.props, "name") === clusterName);
    return match ? knownString(match.props, "version") : undefined;
}

export const awsEksAddonVersionListed = stackRule({
    name: "aws-eks-addon-version-listed",
    description:
        "Every managed add-on runs a version the platform's matrix lists for its cluster's Kubernetes version (domain/addon-matrix.ts), so an upgrade cannot leave add-ons EKS refuses or does not support.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const clusters = args.resources.filter((r) => (CLUSTER_TYPES as readonly string[]).includes(r.type));
        for (const addon of args.resources.filter((r) => r.type === T.eksAddon)) {
            const name = knownString(addon.props, "addonName");
            const version = knownString(addon.props, "addonVersion");
            // An unpinned version is aws-eks-addon-pin-version's finding; unknown ones are judged at update.
            if (name === undefined || version === undefined) continue;
            if (!isAddonName(name)) {
                report(
                    `Add-on ${name} is not in the add-on matrix: add a row for it per Kubernetes version in domain/addon-matrix.ts (checked with \`aws eks describe-addon-versions --addon-name ${name}\`).`,
                    addon.urn,
                );
                continue;
            }
            const clusterVersion = clusterVersionOf(addon, clusters);
            // A version outside the allowed list is aws-eks-cluster-allowed-version's finding.
            if (!isKubernetesVersion(clusterVersion)) continue;
            const listed = listedAddonVersions(clusterVersion, name);
            if (!listed.includes(version)) {
                report(
                    `Add-on ${name} ${version} is not listed for Kubernetes ${clusterVersion}: set addonVersion to ${listed.join(" or ")} (domain/addon-matrix.ts).`,
                    addon.urn,
                );
            }
        }
    },
});
