import type { PolicyResource } from "@pulumi/policy";
import { T } from "../../../lib/types.js";
import { stackRule } from "../../../lib/rule.js";
import { isUnknown, peek } from "../../../lib/values.js";

/** The lifecycle policy's repository came from this repository (dependency) or names it. */
function governs(policy: PolicyResource, repo: PolicyResource): boolean {
    if ((policy.propertyDependencies["repository"] ?? []).some((d) => d.urn === repo.urn)) return true;
    const target = peek(policy.props, "repository");
    const name = peek(repo.props, "name");
    return typeof target === "string" && !isUnknown(target) && target === name;
}

export const awsEcrRepositoryLifecyclePolicy = stackRule({
    name: "aws-ecr-repository-lifecycle-policy",
    description: "Every repository has a lifecycle policy, so old and untagged images expire.",
    severity: "low",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const policies = args.resources.filter((r) => r.type === T.ecrLifecyclePolicy);
        for (const repo of args.resources.filter((r) => r.type === T.ecrRepository)) {
            if (!policies.some((p) => governs(p, repo))) {
                report(`Repository ${repo.name} has no lifecycle policy: add an aws.ecr.LifecyclePolicy for it that expires untagged images and keeps the last N tagged ones.`, repo.urn);
            }
        }
    },
});
