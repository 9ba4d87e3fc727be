import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AccessGrant } from "./grants.js";
import type { AwsContext } from "../aws-context.js";
import { awsAuthData, legacyBindings, renderLegacyMappings, type LegacyBinding } from "./legacy.js";

export interface LegacyGroupBindingsArgs {
    /** The grants rendered into aws-auth (`renderLegacyMappings`). */
    readonly grants: readonly AccessGrant[];
    /** The cluster's Kubernetes provider (it waits for the admins' access entries). */
    readonly provider: k8s.Provider;
    /** The partition, for the role ARNs aws-auth compares against. */
    readonly aws: Pick<AwsContext, "partition">;
}

/**
 * In API_AND_CONFIG_MAP mode: the aws-auth ConfigMap with the same grants as the access
 * entries, and the RBAC bindings that give its edit/view groups the built-in `edit`/`view`
 * ClusterRoles (without them those groups would map to nothing). A RoleBinding needs its
 * namespace to exist, and on a brand-new cluster none of the teams' namespaces do, so each
 * namespace bound into is declared here too (server-side apply adopts one that exists already)
 * and kept on delete: removing a grant must never delete a team's namespace and its workloads.
 *
 * aws-auth is written here, through the cluster's provider, rather than by @pulumi/eks: the
 * component would write it with its own provider before the admins' access entries exist,
 * and, with no implicit creator admin, be refused.
 */
export class LegacyGroupBindings extends pulumi.ComponentResource {
    readonly bindings: LegacyBinding[];

    constructor(name: string, args: LegacyGroupBindingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:access:LegacyGroupBindings", name, {}, opts);
        this.bindings = legacyBindings(args.grants);
        const options = { parent: this, provider: args.provider };
        // EKS does not create aws-auth when the cluster has access entries (API is on), so it is ours to create.
        new k8s.core.v1.ConfigMap(
            `${name}-aws-auth`,
            {
                metadata: { name: "aws-auth", namespace: "kube-system", labels: { "app.kubernetes.io/managed-by": "pulumi" } },
                data: awsAuthData(renderLegacyMappings(args.grants, args.aws)),
            },
            options,
        );
        const namespaces = new Map<string, k8s.core.v1.Namespace>();
        for (const namespace of new Set(this.bindings.flatMap((b) => (b.namespace === undefined ? [] : [b.namespace])))) {
            namespaces.set(
                namespace,
                new k8s.core.v1.Namespace(
                    `${name}-ns-${namespace}`,
                    { metadata: { name: namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } } },
                    { ...options, retainOnDelete: true },
                ),
            );
        }
        for (const binding of this.bindings) {
            const spec = {
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: binding.clusterRole },
                subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: binding.group }],
            };
            const metadata = { name: `eks-platform-legacy-${binding.id}`, labels: { "app.kubernetes.io/managed-by": "pulumi" } };
            if (binding.namespace === undefined) {
                new k8s.rbac.v1.ClusterRoleBinding(`${name}-${binding.id}`, { metadata, ...spec }, options);
            } else {
                const namespace = namespaces.get(binding.namespace)!;
                new k8s.rbac.v1.RoleBinding(
                    `${name}-${binding.id}`,
                    { metadata: { ...metadata, namespace: namespace.metadata.name }, ...spec },
                    options,
                );
            }
        }
        this.registerOutputs({ bindings: this.bindings });
    }
}
