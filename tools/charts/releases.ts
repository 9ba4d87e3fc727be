/**
 * What the offline engine recorded, as the chart check needs it: every Helm Release with its
 * exact install arguments, the Kubernetes objects the program creates itself, the EKS Pod
 * Identity associations, and which resources each Release waits for.
 */
import type { RecordedResource } from "../../engine/engine.js";
import type { ChartRef } from "./cache.js";

export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const POD_IDENTITY_TYPE = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const ADDON_TYPE = "aws:eks/addon:Addon";

export interface ReleaseSpec {
    readonly urn: string;
    /** The Pulumi resource name, to point at the code. */
    readonly resourceName: string;
    /** The Helm release name. */
    readonly name: string;
    readonly namespace: string;
    readonly chart: ChartRef;
    readonly values: Record<string, unknown>;
    readonly skipCrds: boolean;
    readonly createNamespace: boolean;
    /** Every resource this Release waits for, directly or through others (components expanded to their children). */
    readonly waitsFor: ReadonlySet<string>;
}

export interface ProgramObject {
    readonly urn: string;
    readonly resourceName: string;
    readonly object: KubeObject;
    readonly waitsFor: ReadonlySet<string>;
}

export interface PodIdentity {
    readonly resourceName: string;
    readonly namespace: string;
    readonly serviceAccount: string;
}

export interface KubeObject {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
    [key: string]: unknown;
}

export interface StackObjects {
    readonly releases: ReleaseSpec[];
    readonly programObjects: ProgramObject[];
    readonly podIdentities: PodIdentity[];
    /** EKS managed add-ons (their pods are not rendered here but Services may select them). */
    readonly addons: string[];
}

/** Splits the recorded resources into what the chart check reads. */
export function stackObjects(resources: readonly RecordedResource[]): StackObjects {
    const waitsFor = dependencyClosure(resources);
    const releases: ReleaseSpec[] = [];
    const programObjects: ProgramObject[] = [];
    const podIdentities: PodIdentity[] = [];
    const addons: string[] = [];
    for (const r of resources) {
        const inputs = r.plainInputs;
        if (r.type === RELEASE_TYPE) {
            const repo = (inputs.repositoryOpts as { repo?: string } | undefined)?.repo;
            releases.push({
                urn: r.urn,
                resourceName: r.name,
                name: typeof inputs.name === "string" ? inputs.name : r.name,
                namespace: typeof inputs.namespace === "string" ? inputs.namespace : "default",
                chart: { chart: String(inputs.chart), version: String(inputs.version ?? ""), ...(repo ? { repo } : {}) },
                values: (inputs.values as Record<string, unknown> | undefined) ?? {},
                skipCrds: inputs.skipCrds === true,
                createNamespace: inputs.createNamespace === true,
                waitsFor: waitsFor(r.urn),
            });
        } else if (r.type === ADDON_TYPE) {
            addons.push(String(inputs.addonName));
        } else if (r.type === POD_IDENTITY_TYPE) {
            podIdentities.push({ resourceName: r.name, namespace: String(inputs.namespace), serviceAccount: String(inputs.serviceAccount) });
        } else if (r.custom && r.type.startsWith("kubernetes:") && !r.type.endsWith("Patch") && typeof inputs.kind === "string" && typeof inputs.apiVersion === "string") {
            programObjects.push({ urn: r.urn, resourceName: r.name, object: inputs as KubeObject, waitsFor: waitsFor(r.urn) });
        }
    }
    return { releases, programObjects, podIdentities, addons };
}

/**
 * URN -> every URN it waits for. Depending on a component means waiting for everything in it,
 * as the Pulumi engine does.
 */
function dependencyClosure(resources: readonly RecordedResource[]): (urn: string) => ReadonlySet<string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, string[]>();
    for (const r of resources) {
        if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    }
    const memo = new Map<string, Set<string>>();
    const closure = (urn: string): Set<string> => {
        const known = memo.get(urn);
        if (known) return known;
        const result = new Set<string>();
        memo.set(urn, result);
        const stack = [...(byUrn.get(urn)?.dependencies ?? [])];
        while (stack.length > 0) {
            const dep = stack.pop()!;
            if (result.has(dep)) continue;
            result.add(dep);
            stack.push(...(children.get(dep) ?? []), ...(byUrn.get(dep)?.dependencies ?? []));
        }
        return result;
    };
    return closure;
}
