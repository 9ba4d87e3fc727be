import type { PolicyResource } from "@pulumi/policy";
import { chartName } from "../../../lib/kubernetes.js";
import { T } from "../../../lib/types.js";
import { stackRule } from "../../../lib/rule.js";
import { isSet, listAt, objectAt, valueAt } from "../../../lib/values.js";

const CAPACITY_TYPE = "karpenter.sh/capacity-type";

/** Without a capacity-type requirement Karpenter launches on-demand only. */
function allowsSpot(nodePool: PolicyResource): boolean {
    const requirements = listAt(valueAt(nodePool.props, ["spec", "template", "spec"]), "requirements");
    return requirements.some((r) => {
        if (r["key"] !== CAPACITY_TYPE) return false;
        const values = listAt(r, "values");
        switch (r["operator"]) {
            case "In":
                return values.includes("spot");
            case "NotIn":
                return !values.includes("spot");
            case "Exists":
                return true;
            default:
                return false;
        }
    });
}

export const awsKarpenterSpotRequiresInterruptionQueue = stackRule({
    name: "aws-karpenter-spot-requires-interruption-queue",
    description: "When a NodePool may launch spot capacity, the Karpenter controller is given an interruption queue so it drains nodes before AWS reclaims them.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const spotPools = args.resources.filter((r) => r.type === T.nodePool && allowsSpot(r));
        if (spotPools.length === 0) return;
        const controllers = args.resources.filter((r) => r.type === T.helmRelease && chartName(r.props["chart"]) === "karpenter");
        // The queue name is often an output (the SQS queue's name): presence is what matters.
        const withQueue = controllers.filter((c) => isSet(objectAt(objectAt(c.props, "values"), "settings"), "interruptionQueue"));
        if (withQueue.length > 0) return;
        for (const pool of spotPools) {
            report(
                `NodePool ${pool.name} allows spot capacity but ${controllers.length === 0 ? "no Karpenter Helm release is in the stack" : "the Karpenter release sets no settings.interruptionQueue"}: set the karpenter chart value settings.interruptionQueue to the interruption SQS queue's name.`,
                pool.urn,
            );
        }
    },
});
