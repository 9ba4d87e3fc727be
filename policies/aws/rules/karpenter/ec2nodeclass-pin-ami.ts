import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt, objectAt } from "../../../lib/values.js";

export const awsKarpenterEc2nodeclassPinAmi = resourceRule({
    name: "aws-karpenter-ec2nodeclass-pin-ami",
    description: "EC2NodeClasses pin their AMI version; an @latest alias rolls every node whenever AWS publishes an AMI.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.ec2NodeClass],
    validate: (props, _args, report) => {
        for (const term of listAt(objectAt(props, "spec"), "amiSelectorTerms")) {
            const alias = term["alias"];
            if (typeof alias === "string" && alias.toLowerCase().endsWith("@latest")) {
                report(`spec.amiSelectorTerms alias ${alias} follows the newest AMI: pin a release such as ${alias.split("@")[0]}@v<YYYYMMDD> (domain/versions.ts).`);
            }
        }
    },
});
