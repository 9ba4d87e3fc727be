import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RELOADER_CHART } from "../../domain/versions.js";
import { dependsOnList } from "../ingress/dependencies.js";
import { RELOADER_NAMESPACE, reloaderValues } from "./reloader-values.js";
import { chartRelease } from "../helm/chart-release.js";

export interface ReloaderArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** Replicas (leader election above 1). @default 1 */
    readonly replicas?: number;
}

export const RELOADER_DEFAULTS = { replicas: 1 };

/**
 * Stakater Reloader: rolls a Deployment, StatefulSet or DaemonSet annotated
 * `reloader.stakater.com/auto: "true"` when a ConfigMap or Secret it mounts or reads changes,
 * Secrets synced by External Secrets included.
 */
export class Reloader extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ReloaderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster-services:Reloader", name, {}, opts);
        const { replicas } = { ...RELOADER_DEFAULTS, ...args };
        const provider = args.provider;

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: RELOADER_NAMESPACE } }, { parent: this, provider });
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            chartRelease(RELOADER_CHART, { namespace: namespace.metadata.name, values: reloaderValues(replicas) }),
            { parent: this, provider, dependsOn: dependsOnList(opts?.dependsOn) },
        );

        this.registerOutputs({ status: this.release.status });
    }
}
