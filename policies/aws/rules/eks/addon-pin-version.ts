import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet } from "../../../lib/values.js";

export const awsEksAddonPinVersion = resourceRule({
    name: "aws-eks-addon-pin-version",
    description: "Every managed add-on names its version, so an upgrade is a reviewed change rather than EKS's choice.",
    severity: "low",
    enforcementLevel: "advisory",
    resourceTypes: [T.eksAddon],
    validate: (props, _args, report) => {
        // The version may come from a data source (getAddonVersion): unknown in preview but set.
        if (!isSet(props, "addonVersion")) {
            report(`Add-on ${String(props["addonName"])} has no addonVersion, so EKS installs its default: pin addonVersion (domain/versions.ts).`);
        }
    },
});
