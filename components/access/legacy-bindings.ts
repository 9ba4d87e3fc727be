import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AccessGrant } from "./grants.js";
import { legacyBindings, type LegacyBinding } from "./legacy.js";

export interface LegacyGroupBindingsArgs {
    /** The grants rendered into aws-auth (`renderLegacyMappings`). */
    readonly grants: readonly AccessGrant[];
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
}

/**
 * In API_AND_CONFIG_MAP mode, the RBAC bindings that give aws-auth's edit/view groups the
 * built-in `edit`/`view` ClusterRoles: without them those groups would map to nothing.
 * Namespace-scoped bindings go into namespaces the teams own, which must exist first.
 */
export class LegacyGroupBindings extends pulumi.ComponentResource {
    readonly bindings: LegacyBinding[];

    constructor(name: string, args: LegacyGroupBindingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:access:LegacyGroupBindings", name, {}, opts);
        this.bindings = legacyBindings(args.grants);
        const options = { parent: this, provider: args.provider };
        for (const binding of this.bindings) {
            const spec = {
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: binding.clusterRole },
                subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: binding.group }],
            };
            const metadata = { name: `eks-platform-legacy-${binding.id}`, labels: { "app.kubernetes.io/managed-by": "pulumi" } };
            if (binding.namespace === undefined) {
                new k8s.rbac.v1.ClusterRoleBinding(`${name}-${binding.id}`, { metadata, ...spec }, options);
            } else {
                new k8s.rbac.v1.RoleBinding(`${name}-${binding.id}`, { metadata: { ...metadata, namespace: binding.namespace }, ...spec }, options);
            }
        }
        this.registerOutputs({ bindings: this.bindings });
    }
}
