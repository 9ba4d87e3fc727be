import { T } from "../../../lib/types.js";
import { CLUSTER_TYPES } from "../../../lib/eks.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

interface Config {
    readonly allowedAuthenticationModes: string[];
}

export const awsEksClusterUseAccessEntries = resourceRule<Config>({
    name: "aws-eks-cluster-use-access-entries",
    description: "Cluster access is managed with EKS access entries (authentication mode API, or API_AND_CONFIG_MAP while migrating).",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: CLUSTER_TYPES,
    configSchema: {
        properties: {
            allowedAuthenticationModes: {
                type: "array",
                items: { type: "string", enum: ["API", "API_AND_CONFIG_MAP", "CONFIG_MAP"] },
                default: ["API", "API_AND_CONFIG_MAP"],
            },
        },
    },
    validate: (props, args, report, config) => {
        const component = args.type === T.eksComponentCluster;
        const mode = component ? props["authenticationMode"] : objectAt(props, "accessConfig")?.["authenticationMode"];
        const field = component ? "authenticationMode" : "accessConfig.authenticationMode";
        if (mode === undefined) {
            report(`No authentication mode is set, so EKS uses the aws-auth ConfigMap: set ${field} to "API".`);
        } else if (!config.allowedAuthenticationModes.includes(mode)) {
            report(`Authentication mode ${mode} is not allowed: set ${field} to one of ${config.allowedAuthenticationModes.join(", ")}.`);
        }
    },
});
