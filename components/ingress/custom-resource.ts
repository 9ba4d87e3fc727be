import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** What every `@kubernetes-models` object is: typed, validatable, serialisable. */
export interface KubernetesModel {
    readonly apiVersion: string;
    readonly kind: string;
    validate(): void;
    toJSON(): unknown;
}

/**
 * Registers a typed custom resource. It is validated against its CRD's schema again here, so
 * an object changed after it was built cannot reach the cluster unchecked. `opts.dependsOn`
 * must include whatever installs the CRD (the chart), or the API server rejects the kind.
 */
export function customResource(name: string, model: KubernetesModel, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
    model.validate();
    const { apiVersion, kind, ...rest } = model.toJSON() as { apiVersion: string; kind: string } & Record<string, unknown>;
    return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, ...rest }, opts);
}
