import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

interface Config {
    readonly maximumHopLimit: number;
}

export const awsEc2LimitMetadataHopLimit = resourceRule<Config>({
    name: "aws-ec2-limit-metadata-hop-limit",
    description: "The metadata response hop limit stays low, so pods behind an extra network hop cannot reach the node's credentials.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.launchTemplate, T.instance, T.ec2NodeClass],
    configSchema: {
        properties: { maximumHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 2 } },
    },
    validate: (props, args, report, config) => {
        const holder = args.type === T.ec2NodeClass ? objectAt(objectAt(props, "spec"), "metadataOptions") : objectAt(props, "metadataOptions");
        const field = args.type === T.ec2NodeClass ? "spec.metadataOptions.httpPutResponseHopLimit" : "metadataOptions.httpPutResponseHopLimit";
        // Unset means the AWS (1) or Karpenter (1) default.
        const limit = holder?.["httpPutResponseHopLimit"];
        if (typeof limit === "number" && limit > config.maximumHopLimit) {
            report(`${field} is ${limit}: set it to ${config.maximumHopLimit} or less (1 keeps pods off the node's instance role; pods use Pod Identity).`);
        }
    },
});
