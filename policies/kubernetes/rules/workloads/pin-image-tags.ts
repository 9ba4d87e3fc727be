import { containerRule, imagePinProblem } from "../../../lib/kubernetes.js";
import { isUnknown, peek } from "../../../lib/values.js";

export const kubernetesWorkloadsPinImageTags = containerRule({
    name: "kubernetes-workloads-pin-image-tags",
    description: "Every container image names a tag other than latest, or a digest, so a rollout runs the image that was reviewed.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateContainer: ({ container, label }, _spec, report) => {
        // An image built in the same stack is an output: unknown in preview, pinned by its build.
        const image = peek(container, "image");
        if (isUnknown(image)) return;
        if (typeof image !== "string" || image === "") {
            report(`${label} names no image: set image to <repository>:<version>.`);
            return;
        }
        const problem = imagePinProblem(image);
        if (problem) report(`${label} image ${image} ${problem}: pin a version tag or a digest (<repository>:<version> or <repository>@sha256:<digest>).`);
    },
});
