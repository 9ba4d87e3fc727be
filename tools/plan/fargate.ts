/**
 * Pods that run on Fargate, and the size Fargate bills each at: the pod's requests plus the 256 MB
 * Fargate adds for Kubernetes' own components, rounded up to the next vCPU and memory combination
 * (EKS user guide, "Fargate Pod configuration": vCPU and memory).
 */
import { chartName } from "./creation-times.js";
import type { GraphResource } from "./graph.js";

/** Fargate's vCPU sizes and the memory (GB) each allows. */
export const FARGATE_CONFIGURATIONS: readonly { readonly vcpu: number; readonly memoryGb: readonly number[] }[] = [
    { vcpu: 0.25, memoryGb: [0.5, 1, 2] },
    { vcpu: 0.5, memoryGb: [1, 2, 3, 4] },
    { vcpu: 1, memoryGb: [2, 3, 4, 5, 6, 7, 8] },
    { vcpu: 2, memoryGb: range(4, 16, 1) },
    { vcpu: 4, memoryGb: range(8, 30, 1) },
    { vcpu: 8, memoryGb: range(16, 60, 4) },
    { vcpu: 16, memoryGb: range(32, 120, 8) },
];

/** Memory Fargate adds to every pod for the kubelet, kube-proxy and containerd. */
export const FARGATE_OVERHEAD_GB = 0.25;

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
}

/** Kubernetes CPU quantity ("1", "250m") in cores. */
export function cpuCores(quantity: unknown): number {
    const text = String(quantity ?? "0");
    return text.endsWith("m") ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

/** Kubernetes memory quantity ("1Gi", "768Mi", "512M") in GB as Fargate counts them (GiB). */
export function memoryGb(quantity: unknown): number {
    const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(String(quantity ?? "0"));
    if (!match) return 0;
    const factor: Record<string, number> = { Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, K: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3 };
    return Number(match[1]) * (match[2] ? factor[match[2]]! : 1 / 1024 ** 3);
}

/** The configuration Fargate bills a pod requesting `cpu` cores and `memory` GB at. */
export function fargateSize(cpu: number, memory: number): { vcpu: number; memoryGb: number } {
    const needed = memory + FARGATE_OVERHEAD_GB;
    for (const c of FARGATE_CONFIGURATIONS) {
        if (c.vcpu < cpu) continue;
        const gb = c.memoryGb.find((m) => m >= needed);
        if (gb !== undefined) return { vcpu: c.vcpu, memoryGb: gb };
    }
    throw new Error(`no Fargate configuration holds ${cpu} vCPU and ${memory} GB`);
}

export interface FargatePods {
    readonly release: string;
    readonly pods: number;
    readonly vcpu: number;
    readonly memoryGb: number;
}

interface Selector {
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
}

type Values = { replicas?: number; resources?: ResourceBlock; controller?: { resources?: ResourceBlock } };
type ResourceBlock = { requests?: { cpu?: unknown; memory?: unknown }; limits?: { cpu?: unknown; memory?: unknown } };

/**
 * Helm releases a Fargate profile selects: same namespace, and the chart is the one its selector's
 * `app.kubernetes.io/name` label names (charts label their pods with their own name).
 */
export function fargatePods(resources: readonly GraphResource[]): FargatePods[] {
    const selectors = resources
        .filter((r) => r.type === "aws:eks/fargateProfile:FargateProfile")
        .flatMap((r) => (r.plainInputs["selectors"] ?? []) as Selector[]);
    return resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .filter((r) =>
            selectors.some(
                (s) => s.namespace === r.plainInputs["namespace"] && s.labels?.["app.kubernetes.io/name"] === chartName(r.plainInputs["chart"]),
            ),
        )
        .map((r) => {
            const values = (r.plainInputs["values"] ?? {}) as Values;
            const block = values.resources ?? values.controller?.resources ?? {};
            // Fargate sizes a pod by the larger of its requests and limits.
            const cpu = Math.max(cpuCores(block.requests?.cpu), cpuCores(block.limits?.cpu));
            const memory = Math.max(memoryGb(block.requests?.memory), memoryGb(block.limits?.memory));
            return { release: r.name, pods: values.replicas ?? 1, ...fargateSize(cpu, memory) };
        });
}

/** Names of the Helm releases whose pods run on Fargate. */
export function fargateReleaseNames(resources: readonly GraphResource[]): ReadonlySet<string> {
    return new Set(fargatePods(resources).map((f) => f.release));
}
