import { CLUSTER_TYPES } from "../../../lib/eks.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, isUnknown, peek } from "../../../lib/values.js";

interface Config {
    readonly allowedVersions: string[];
}

export const awsEksClusterAllowedVersion = resourceRule<Config>({
    name: "aws-eks-cluster-allowed-version",
    description: "The cluster pins a Kubernetes version from the allowed list (versions in EKS standard support that the platform is tested with).",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: CLUSTER_TYPES,
    configSchema: {
        properties: {
            allowedVersions: { type: "array", items: { type: "string", pattern: "^1\\.\\d+$" }, minItems: 1, default: ["1.34", "1.35", "1.36"] },
        },
    },
    validate: (props, _args, report, config) => {
        if (!isSet(props, "version")) {
            report(`No Kubernetes version is pinned, so EKS picks its newest: set version to one of ${config.allowedVersions.join(", ")}.`);
            return;
        }
        const version = peek(props, "version");
        if (!isUnknown(version) && !config.allowedVersions.includes(String(version))) {
            report(`Kubernetes ${String(version)} is not allowed: set version to one of ${config.allowedVersions.join(", ")}.`);
        }
    },
});
