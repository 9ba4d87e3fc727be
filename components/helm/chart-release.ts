import type * as k8s from "@pulumi/kubernetes";

/** A chart pinned in `domain/versions.ts`: where it comes from, its name and its exact version. */
export interface PinnedChart {
    readonly repo: string;
    readonly chart: string;
    readonly version: string;
}

/** What a release sets beyond the chart's identity; `name` defaults to the chart's name. */
export type ChartReleaseArgs = Omit<k8s.helm.v3.ReleaseArgs, "chart" | "repositoryOpts">;

/**
 * The arguments of a Helm release of a pinned chart, so a chart's repository, name and version
 * are read from its one pin and never retyped at the call site. A `version` in `args` overrides
 * the pin (components that take a version argument pass it through).
 */
export function chartRelease(pin: PinnedChart, args: ChartReleaseArgs): k8s.helm.v3.ReleaseArgs {
    return { name: pin.chart, chart: pin.chart, version: pin.version, repositoryOpts: { repo: pin.repo }, ...args };
}
