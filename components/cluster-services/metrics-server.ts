import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { METRICS_SERVER_CHART_VERSION } from "../../domain/versions.js";
import { CHART_REPOSITORIES, metricsServerValues } from "./values.js";

export interface MetricsServerArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The node group it runs on. */
    readonly systemNodes: pulumi.Resource;
    /** Chart version. @default METRICS_SERVER_CHART_VERSION */
    readonly version?: string;
}

const DEFAULTS = { version: METRICS_SERVER_CHART_VERSION };
const RELEASE_NAME = "metrics-server";

/** metrics-server: the resource metrics API behind `kubectl top` and HorizontalPodAutoscalers. */
export class MetricsServer extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster-services:MetricsServer", name, {}, opts);
        const { version } = { ...DEFAULTS, ...args };

        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: RELEASE_NAME,
                chart: "metrics-server",
                repositoryOpts: { repo: CHART_REPOSITORIES.metricsServer },
                version,
                namespace: "kube-system",
                values: metricsServerValues(RELEASE_NAME),
            },
            { parent: this, provider: args.provider, dependsOn: [args.systemNodes] },
        );

        this.registerOutputs({ status: this.release.status });
    }
}
