import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

export const awsEcrRepositoryScanOnPush = resourceRule({
    name: "aws-ecr-repository-scan-on-push",
    description: "Images are scanned for vulnerabilities when pushed.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.ecrRepository],
    validate: (props, _args, report) => {
        if (objectAt(props, "imageScanningConfiguration")?.["scanOnPush"] !== true) {
            report("Images are not scanned on push: set imageScanningConfiguration.scanOnPush to true.");
        }
    },
});
