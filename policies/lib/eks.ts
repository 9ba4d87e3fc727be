/**
 * The same cluster settings under their two shapes: the `eks:index:Cluster` component's flat
 * inputs (all the offline check sees) and the `aws:eks/cluster:Cluster` it creates (which the
 * engine also shows during a real preview).
 */
import { T } from "./types.js";
import { objectAt, peek } from "./values.js";

export const CLUSTER_TYPES = [T.eksComponentCluster, T.eksCluster] as const;

/** Where a setting lives, for messages that say what to write. */
export function clusterField(type: string, component: string, resource: string): string {
    return type === T.eksComponentCluster ? component : resource;
}

/** The object holding endpoint settings: the component's inputs, or the resource's `vpcConfig`. */
export function endpointSettings(type: string, props: Record<string, any>): Record<string, any> {
    return type === T.eksComponentCluster ? props : (objectAt(props, "vpcConfig") ?? {});
}

/** EKS opens the public endpoint unless told otherwise (both shapes default to true). */
export function publicEndpointOn(settings: Record<string, any>): boolean {
    const value = peek(settings, "endpointPublicAccess");
    return value === undefined ? true : settings["endpointPublicAccess"] !== false;
}
