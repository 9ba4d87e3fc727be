import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EXTERNAL_SECRETS_CHART } from "../../domain/versions.js";
import { customResource } from "../ingress/custom-resource.js";
import { dependsOnList } from "../ingress/dependencies.js";
import { clusterSecretStore, EXAMPLE_NAMESPACE, exampleExternalSecret, EXTERNAL_SECRETS_NAMESPACE, externalSecretsValues } from "./external-secrets-objects.js";
import { chartRelease } from "../helm/chart-release.js";

export interface ExternalSecretsArgs {
    /** The cluster's name (store prefixes). */
    readonly clusterName: string;
    /** Region of the stores' AWS clients. */
    readonly region: string;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The operator's Pod Identity association: credentials are injected when pods start, never later. */
    readonly podIdentity: pulumi.Resource;
    /** Replicas of the controller, webhook and cert controller. @default 2 */
    readonly replicas?: number;
    /** The parameter the example ExternalSecret syncs; no example without it. */
    readonly exampleParameter?: pulumi.Resource;
}

export const EXTERNAL_SECRETS_DEFAULTS = { replicas: 2 };

/**
 * External Secrets Operator in the cluster: the chart with its CRDs, ClusterSecretStores for
 * Parameter Store and Secrets Manager under the cluster's prefix, and in dev an ExternalSecret
 * that syncs the example parameter.
 */
export class ExternalSecrets extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly stores: k8s.apiextensions.CustomResource[];

    constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:ExternalSecrets", name, {}, opts);
        const { replicas } = { ...EXTERNAL_SECRETS_DEFAULTS, ...args };
        const provider = args.provider;

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: EXTERNAL_SECRETS_NAMESPACE } }, { parent: this, provider });
        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            chartRelease(EXTERNAL_SECRETS_CHART, {
                namespace: namespace.metadata.name,
                values: externalSecretsValues(replicas),
                // Wait for the webhook: stores created before it answers are rejected.
                skipAwait: false,
                timeout: 600,
            }),
            { parent: this, provider, dependsOn: [args.podIdentity, ...dependsOnList(opts?.dependsOn)] },
        );

        const crdOpts = { parent: this, provider, dependsOn: [this.release] };
        this.stores = (["ParameterStore", "SecretsManager"] as const).map((service) =>
            customResource(`${name}-store-${service === "ParameterStore" ? "ssm" : "secretsmanager"}`, clusterSecretStore(service, args.clusterName, args.region), crdOpts),
        );

        if (args.exampleParameter) {
            const exampleNamespace = new k8s.core.v1.Namespace(`${name}-example-namespace`, { metadata: { name: EXAMPLE_NAMESPACE } }, { parent: this, provider });
            // Depends on the chart, so a destroy deletes it (and its Secret) while the operator still runs.
            customResource(`${name}-example`, exampleExternalSecret(), {
                parent: this,
                provider,
                dependsOn: [this.release, this.stores[0]!, exampleNamespace, args.exampleParameter],
            });
        }

        this.registerOutputs({ stores: this.stores.map((s) => s.metadata.name) });
    }
}
