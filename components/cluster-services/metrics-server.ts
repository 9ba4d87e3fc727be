import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { METRICS_SERVER_CHART } from "../../domain/versions.js";
import { chartRelease } from "../helm/chart-release.js";
import { metricsServerValues } from "./values.js";

export interface MetricsServerArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The node group it runs on. */
    readonly systemNodes: pulumi.Resource;
    /** Chart version. @default METRICS_SERVER_CHART.version */
    readonly version?: string;
}

const DEFAULTS = { version: METRICS_SERVER_CHART.version };
const RELEASE_NAME = "metrics-server";

/** metrics-server: the resource metrics API behind `kubectl top` and HorizontalPodAutoscalers. */
export class MetricsServer extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster-services:MetricsServer", name, {}, opts);
        const { version } = { ...DEFAULTS, ...args };

        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            chartRelease(METRICS_SERVER_CHART, { name: RELEASE_NAME, version, namespace: "kube-system", values: metricsServerValues(RELEASE_NAME) }),
            { parent: this, provider: args.provider, dependsOn: [args.systemNodes] },
        );

        this.registerOutputs({ status: this.release.status });
    }
}
