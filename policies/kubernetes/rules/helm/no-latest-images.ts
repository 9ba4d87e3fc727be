import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isUnknown } from "../../../lib/values.js";

/** Walks chart values for `tag: latest` and `image: ...:latest`, returning their paths. */
function latestImages(value: unknown, path: string, out: string[]): string[] {
    if (Array.isArray(value)) {
        value.forEach((v, i) => latestImages(v, `${path}[${i}]`, out));
    } else if (value !== null && typeof value === "object") {
        for (const key of Object.keys(value)) {
            // Read the raw value: one unknown output among the values must not hide the rest.
            const child = Object.getOwnPropertyDescriptor(value, key)?.value;
            const at = path ? `${path}.${key}` : key;
            if (typeof child === "string" && !isUnknown(child)) {
                if (key === "tag" && child.toLowerCase() === "latest") out.push(at);
                if (key === "image" && /:latest$/i.test(child)) out.push(at);
            } else {
                latestImages(child, at, out);
            }
        }
    }
    return out;
}

export const kubernetesHelmNoLatestImages = resourceRule({
    name: "kubernetes-helm-no-latest-images",
    description: "Chart values never select an image by the latest tag (all a preview shows of a Helm release's pods is its values).",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.helmRelease],
    validate: (props, _args, report) => {
        // Read through the proxy once: if the whole map is unknown, the engine reports that this
        // rule could not run during preview rather than passing the release silently.
        if (props["values"] === undefined) return;
        const paths = latestImages(Object.getOwnPropertyDescriptor(props, "values")?.value, "values", []);
        if (paths.length > 0) report(`${paths.join(", ")} select${paths.length === 1 ? "s" : ""} the latest image: set a version tag (or leave the tag out so the chart's appVersion is used).`);
    },
});
