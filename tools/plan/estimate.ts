/**
 * Deploy-time estimate of a first `pulumi up`: the recorded dependency graph, each resource
 * timed from creation-times.ts, remote components expanded from remote-components.ts.
 */
import { creationTime, FARGATE_POD_START, type Basis } from "./creation-times.js";
import { fargateReleaseNames } from "./fargate.js";
import { isBookkeeping, isLocalComponent, schedule, type GraphResource } from "./graph.js";
import { expandRemote } from "./remote-components.js";

export interface CriticalStep {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Seconds after the start of the update. */
    readonly start: number;
    readonly finish: number;
    readonly seconds: number;
    readonly basis: Basis | "remote";
    /** For a remote component: its slowest inner chain, e.g. VPC -> subnet -> NAT gateway -> route. */
    readonly inside?: { readonly type: string; readonly seconds: number }[];
}

export interface DeployEstimate {
    /** Length of the critical path: the wall time of a first `pulumi up` with unlimited parallelism. */
    readonly criticalPathSeconds: number;
    /** Sum of every creation time: the wall time if nothing ran in parallel. */
    readonly sumSeconds: number;
    /** Cloud resources created, remote components' insides counted. */
    readonly resourcesCreated: number;
    readonly criticalPath: CriticalStep[];
    /** Critical-path steps (or steps inside one) that could run beside the control plane. */
    readonly parallelizableOnPath: string[];
}

/**
 * Kinds that never need to hold up the EKS control plane nor wait for it: on the critical
 * path they mean a needless dependency. (A key or role the cluster itself uses is created
 * before it by necessity; it shows up before the control plane, never after it.)
 */
export const PARALLEL_WITH_CONTROL_PLANE: readonly RegExp[] = [
    /^aws:ec2\/natGateway:/,
    /^aws:ec2\/eip:/,
    /^aws:kms\//,
    /^aws:iam\//,
    /^aws:ecr\//,
    /^aws:sqs\//,
];

const CONTROL_PLANE_TYPES = new Set(["eks:index:Cluster", "aws:eks/cluster:Cluster"]);

function durationOf(r: GraphResource, onFargate: ReadonlySet<string>): { seconds: number; basis: Basis | "remote"; inside?: CriticalStep["inside"]; created: number } {
    if (r.remote) {
        const x = expandRemote(r.type, r.plainInputs);
        return { seconds: x.seconds, basis: "remote", inside: x.path, created: x.inside.reduce((n, i) => n + i.count, 0) };
    }
    const t = creationTime(r.type, r.plainInputs);
    const extra = onFargate.has(r.name) ? FARGATE_POD_START.seconds : 0;
    return { seconds: t.seconds + extra, basis: t.basis, created: 1 };
}

function sumOf(r: GraphResource, onFargate: ReadonlySet<string>): number {
    if (r.remote) return expandRemote(r.type, r.plainInputs).inside.reduce((n, i) => n + i.count * i.seconds, 0);
    return durationOf(r, onFargate).seconds;
}

export function estimateDeployTime(resources: readonly GraphResource[]): DeployEstimate {
    const onFargate = fargateReleaseNames(resources);
    const cloud = resources.filter((r) => !isLocalComponent(r) && !isBookkeeping(r));
    const sched = schedule(resources, (r) => durationOf(r, onFargate).seconds);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const criticalPath: CriticalStep[] = sched.criticalPath.map((s) => {
        const r = byUrn.get(s.urn)!;
        const d = durationOf(r, onFargate);
        return {
            type: r.type,
            name: r.name,
            urn: r.urn,
            start: s.start,
            finish: s.finish,
            seconds: s.duration,
            basis: d.basis,
            ...(d.inside ? { inside: d.inside } : {}),
        };
    });
    return {
        criticalPathSeconds: sched.total,
        sumSeconds: cloud.reduce((n, r) => n + sumOf(r, onFargate), 0),
        resourcesCreated: cloud.reduce((n, r) => n + durationOf(r, onFargate).created, 0),
        criticalPath,
        parallelizableOnPath: parallelizableOnPath(criticalPath),
    };
}

/**
 * Steps on the critical path that could have run beside the control plane: after it, any
 * of PARALLEL_WITH_CONTROL_PLANE; before it, those inside a remote component (the component
 * holds back its outputs until they are done, though the cluster needs none of them).
 */
export function parallelizableOnPath(path: readonly CriticalStep[]): string[] {
    const matches = (type: string) => PARALLEL_WITH_CONTROL_PLANE.some((re) => re.test(type));
    const cp = path.findIndex((s) => CONTROL_PLANE_TYPES.has(s.type));
    const found: string[] = [];
    path.forEach((step, i) => {
        const afterControlPlane = cp >= 0 && i > cp;
        if (afterControlPlane && matches(step.type)) found.push(`${step.type} ${step.name}`);
        if (cp >= 0 && i < cp) {
            for (const inner of step.inside ?? []) {
                if (matches(inner.type)) found.push(`${inner.type} inside ${step.type} ${step.name}`);
            }
        }
        if (/^aws:(ecr|sqs)\//.test(step.type)) found.push(`${step.type} ${step.name}`);
    });
    return [...new Set(found)];
}
