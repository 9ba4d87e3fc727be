import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isUnknown, listAt, objectAt, peek } from "../../../lib/values.js";

interface Config {
    readonly allowedNamespaces: string[];
    readonly namespacesNeedingLabels: string[];
}

export const awsEksFargateProfileScopedSelectors = resourceRule<Config>({
    name: "aws-eks-fargate-profile-scoped-selectors",
    description:
        "A Fargate profile selects only the namespaces meant for Fargate, by exact name, and in shared namespaces (kube-system) only the pods its labels name: otherwise CoreDNS or a workload would silently move to Fargate.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.eksFargateProfile],
    configSchema: {
        properties: {
            allowedNamespaces: { type: "array", items: { type: "string" }, minItems: 1, default: ["kube-system"] },
            namespacesNeedingLabels: { type: "array", items: { type: "string" }, default: ["kube-system", "default"] },
        },
    },
    validate: (props, _args, report, config) => {
        const selectors = listAt(props, "selectors");
        selectors.forEach((selector, i) => {
            const namespace = peek(selector, "namespace");
            if (typeof namespace !== "string" || isUnknown(namespace)) return;
            if (/[*?]/.test(namespace)) {
                report(`selectors[${i}].namespace ${namespace} is a wildcard: name the namespace exactly.`);
                return;
            }
            if (!config.allowedNamespaces.includes(namespace)) {
                report(`selectors[${i}] selects namespace ${namespace}, which is not allowed on Fargate (${config.allowedNamespaces.join(", ")}): add it to allowedNamespaces in the policy config, or remove the selector.`);
            }
            const labels = objectAt(selector, "labels");
            if (config.namespacesNeedingLabels.includes(namespace) && (!labels || Object.keys(labels).length === 0)) {
                report(`selectors[${i}] selects all of ${namespace}: add labels that pick only the pods meant for Fargate (e.g. app.kubernetes.io/name).`);
            }
        });
    },
});
