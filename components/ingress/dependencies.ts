import type * as pulumi from "@pulumi/pulumi";

/**
 * A component's `dependsOn` as a list. Children do not inherit their parent's dependencies, so
 * the ingress components hand theirs (the Karpenter NodePools, in this platform) on to the
 * resources that start pods: a chart waiting for pods that have no node to land on times out.
 * Give `dependsOn` as a resource or a list of resources.
 */
export function dependsOnList(dependsOn: pulumi.ResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (dependsOn === undefined) return [];
    if (Array.isArray(dependsOn)) return [...(dependsOn as pulumi.Input<pulumi.Resource>[])];
    return [dependsOn as pulumi.Input<pulumi.Resource>];
}
