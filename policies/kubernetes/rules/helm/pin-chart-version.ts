import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet } from "../../../lib/values.js";

export const kubernetesHelmPinChartVersion = resourceRule({
    name: "kubernetes-helm-pin-chart-version",
    description: "Helm releases pin their chart version; otherwise every run may install a newer chart.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.helmRelease],
    validate: (props, _args, report) => {
        if (!isSet(props, "version")) report(`Chart ${String(props["chart"])} has no version: set version to the chart release you tested (domain/versions.ts).`);
    },
});
