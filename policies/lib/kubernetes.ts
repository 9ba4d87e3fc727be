/** Pod templates of Kubernetes workloads, wherever each kind keeps them. */
import type { ReportViolation } from "@pulumi/policy";
import { resourceRule, type Props, type ResourceRule, type ResourceRuleSpec } from "./rule.js";
import { T } from "./types.js";
import { listAt, objectAt, valueAt } from "./values.js";

export const WORKLOAD_TYPES = [T.deployment, T.statefulSet, T.daemonSet, T.job, T.cronJob, T.pod] as const;

/** The pod spec of a workload, or undefined when the template is missing. */
export function podSpecOf(type: string, props: Record<string, any>): Record<string, any> | undefined {
    const path =
        type === T.pod ? ["spec"] : type === T.cronJob ? ["spec", "jobTemplate", "spec", "template", "spec"] : ["spec", "template", "spec"];
    const spec = valueAt(props, path);
    return spec !== null && typeof spec === "object" && !Array.isArray(spec) ? (spec as Record<string, any>) : undefined;
}

export interface ContainerRef {
    readonly container: Record<string, any>;
    /** `container "web"` or `init container "migrate"`, for messages. */
    readonly label: string;
    readonly init: boolean;
}

export function containersOf(podSpec: Record<string, any>): ContainerRef[] {
    const named = (c: Record<string, any>, init: boolean): ContainerRef => ({
        container: c,
        init,
        label: `${init ? "init container" : "container"} "${typeof c["name"] === "string" ? c["name"] : "?"}"`,
    });
    return [
        ...listAt(podSpec, "initContainers").map((c) => named(c, true)),
        ...listAt(podSpec, "containers").map((c) => named(c, false)),
    ];
}

/** The container's security context, falling back to the pod's for fields both may set. */
export function effectiveSecurity(podSpec: Record<string, any>, container: Record<string, any>, field: string): unknown {
    const own = objectAt(container, "securityContext")?.[field];
    return own !== undefined ? own : objectAt(podSpec, "securityContext")?.[field];
}

/** `kind name` of the workload, e.g. `Deployment web`. */
export function workloadLabel(type: string, props: Record<string, any>, fallback: string): string {
    const kind = type.split(":").pop() ?? type;
    const name = objectAt(props, "metadata")?.["name"];
    return `${kind} ${typeof name === "string" ? name : fallback}`;
}

/**
 * Why an image reference is not pinned, or undefined when it is: a digest pins it; otherwise the
 * tag after the last `:` of the last path segment must be present and not `latest`.
 */
export function imagePinProblem(image: string): string | undefined {
    if (/@sha256:[a-f0-9]{64}$/.test(image)) return undefined;
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    if (colon === -1) return "has no tag";
    const tag = lastSegment.slice(colon + 1);
    if (tag === "" ) return "has an empty tag";
    if (tag.toLowerCase() === "latest") return "uses the latest tag";
    return undefined;
}

/** The chart's name from `chart` (a name, `repo/name` or an `oci://` reference). */
export function chartName(chart: unknown): string | undefined {
    if (typeof chart !== "string") return undefined;
    return chart.replace(/\/+$/, "").split("/").pop();
}

export interface PodRuleSpec<C extends object> extends Omit<ResourceRuleSpec<C>, "resourceTypes" | "alsoAppliesTo" | "validate"> {
    /** Checks the pod template of a workload of any kind. */
    readonly validatePod: (podSpec: Props, report: ReportViolation, config: C) => void;
}

/** A rule on the pod template of every workload kind; workloads without one are skipped. */
export function podRule<C extends object = Record<string, never>>(spec: PodRuleSpec<C>): ResourceRule {
    const { validatePod, ...info } = spec;
    return resourceRule<C>({
        ...info,
        resourceTypes: WORKLOAD_TYPES,
        validate: (props, args, report, config) => {
            const podSpec = podSpecOf(args.type, props);
            if (podSpec) validatePod(podSpec, report, config);
        },
    });
}

export interface ContainerRuleSpec<C extends object> extends Omit<ResourceRuleSpec<C>, "resourceTypes" | "alsoAppliesTo" | "validate"> {
    /** Checks one container (init containers included) of the workload's pod template; `podSpec` for the pod-wide fields. */
    readonly validateContainer: (ref: ContainerRef, podSpec: Props, report: ReportViolation, config: C) => void;
}

/** A rule on every container of every workload kind: each container of the pod template checked in turn. */
export function containerRule<C extends object = Record<string, never>>(spec: ContainerRuleSpec<C>): ResourceRule {
    const { validateContainer, ...info } = spec;
    return podRule<C>({
        ...info,
        validatePod: (podSpec, report, config) => {
            for (const ref of containersOf(podSpec)) validateContainer(ref, podSpec, report, config);
        },
    });
}
