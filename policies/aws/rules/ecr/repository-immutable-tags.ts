import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsEcrRepositoryImmutableTags = resourceRule({
    name: "aws-ecr-repository-immutable-tags",
    description: "Image tags cannot be overwritten, so a tag always names the image that was tested.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.ecrRepository],
    validate: (props, _args, report) => {
        const mutability = props["imageTagMutability"];
        if (mutability !== "IMMUTABLE" && mutability !== "IMMUTABLE_WITH_EXCLUSION") {
            report(`Tags are mutable (imageTagMutability is ${mutability === undefined ? "unset, MUTABLE by default" : String(mutability)}): set imageTagMutability to "IMMUTABLE".`);
        }
    },
});
