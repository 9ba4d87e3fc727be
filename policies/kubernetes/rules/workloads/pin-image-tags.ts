import { containersOf, imagePinProblem, podSpecOf, WORKLOAD_TYPES } from "../../../lib/kubernetes.js";
import { resourceRule } from "../../../lib/rule.js";
import { isUnknown, peek } from "../../../lib/values.js";

export const kubernetesWorkloadsPinImageTags = resourceRule({
    name: "kubernetes-workloads-pin-image-tags",
    description: "Every container image names a tag other than latest, or a digest, so a rollout runs the image that was reviewed.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: WORKLOAD_TYPES,
    validate: (props, args, report) => {
        const spec = podSpecOf(args.type, props);
        if (!spec) return;
        for (const { container, label } of containersOf(spec)) {
            // An image built in the same stack is an output: unknown in preview, pinned by its build.
            const image = peek(container, "image");
            if (isUnknown(image)) continue;
            if (typeof image !== "string" || image === "") {
                report(`${label} names no image: set image to <repository>:<version>.`);
                continue;
            }
            const problem = imagePinProblem(image);
            if (problem) report(`${label} image ${image} ${problem}: pin a version tag or a digest (<repository>:<version> or <repository>@sha256:<digest>).`);
        }
    },
});
