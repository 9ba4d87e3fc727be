/**
 * The resource graph of one offline run: the component tree and the earliest-start
 * schedule of a first `pulumi up` over the recorded dependencies. Pure: no Pulumi runtime.
 */

/** What the graph needs of a recorded resource (a subset of the engine's RecordedResource). */
export interface GraphResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** False for components (local or remote). */
    readonly custom: boolean;
    /** True for multi-language components: one registration offline, many resources for real. */
    readonly remote: boolean;
    readonly parent: string | undefined;
    readonly dependencies: readonly string[];
    readonly plainInputs: Record<string, unknown>;
}

export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Provider resources and the stack itself create nothing in the cloud. */
export function isBookkeeping(r: Pick<GraphResource, "type">): boolean {
    return r.type === STACK_TYPE || r.type.startsWith("pulumi:providers:");
}

/** A local component: it groups children and has no cloud footprint of its own. */
export function isLocalComponent(r: Pick<GraphResource, "custom" | "remote" | "type">): boolean {
    return !r.custom && !r.remote && r.type !== STACK_TYPE;
}

export interface TreeNode {
    readonly resource: GraphResource;
    readonly children: TreeNode[];
    /** Resources at and below this node, local components not counted (they create nothing). */
    readonly resourceCount: number;
}

/** The component tree under the stack, children in registration order. */
export function buildTree(resources: readonly GraphResource[]): TreeNode[] {
    const byParent = new Map<string | undefined, GraphResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        if (r.type === STACK_TYPE) continue;
        // A parent outside the run (never the case for a well-formed run) hangs the node at the top.
        const parent = r.parent !== undefined && urns.has(r.parent) ? r.parent : undefined;
        byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
    }
    const root = resources.find((r) => r.type === STACK_TYPE);
    const build = (r: GraphResource): TreeNode => {
        const children = (byParent.get(r.urn) ?? []).map(build);
        const own = isLocalComponent(r) ? 0 : 1;
        return { resource: r, children, resourceCount: children.reduce((n, c) => n + c.resourceCount, own) };
    };
    const top = [...(root ? byParent.get(root.urn) ?? [] : []), ...(byParent.get(undefined) ?? [])];
    return top.map(build);
}

/** Every URN below `urn` (not included), depth first. */
export function descendants(resources: readonly GraphResource[], urn: string): string[] {
    const byParent = childrenIndex(resources);
    const out: string[] = [];
    const walk = (u: string) => {
        for (const c of byParent.get(u) ?? []) {
            out.push(c);
            walk(c);
        }
    };
    walk(urn);
    return out;
}

function childrenIndex(resources: readonly GraphResource[]): Map<string, string[]> {
    const byParent = new Map<string, string[]>();
    for (const r of resources) {
        if (r.parent !== undefined) byParent.set(r.parent, [...(byParent.get(r.parent) ?? []), r.urn]);
    }
    return byParent;
}

export interface ScheduledResource {
    readonly urn: string;
    /** Seconds after `pulumi up` starts that this resource can start being created. */
    readonly start: number;
    /** Seconds after `pulumi up` starts that it (and, for a component, everything below it) is done. */
    readonly finish: number;
    /** Its own creation time; 0 for local components and bookkeeping. */
    readonly duration: number;
    /** The URN whose finish held this resource back (a dependency, or for a component its last child). */
    readonly waitedOn: string | undefined;
}

export interface Schedule {
    readonly byUrn: ReadonlyMap<string, ScheduledResource>;
    /** Seconds until the last resource is done: the length of the critical path. */
    readonly total: number;
    /** The resources on the critical path, first to last (local components left out: they take no time). */
    readonly criticalPath: ScheduledResource[];
}

/**
 * Earliest-start schedule with unlimited parallelism, the way the Pulumi engine runs a
 * first update. A resource starts when every dependency has finished (a dependency on a
 * component waits for everything below it: the SDK expands it to the children) and when
 * its parent is registered: a component registers once its own dependencies are done, a
 * custom or remote parent once it is created (children need the parent's URN). A component
 * finishes when its last child does.
 */
export function schedule(resources: readonly GraphResource[], duration: (r: GraphResource) => number): Schedule {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = childrenIndex(resources);
    type Time = { readonly t: number; readonly by: string | undefined };
    const starts = new Map<string, Time>();
    const finishes = new Map<string, Time>();
    const visiting = new Set<string>();
    const own = (r: GraphResource) => (isLocalComponent(r) || isBookkeeping(r) ? 0 : Math.max(0, duration(r)));

    // A cycle cannot occur in a run the engine accepted; if one shows up, it is broken rather than followed.
    const guarded = <T>(key: string, fn: () => T): T | undefined => {
        if (visiting.has(key)) return undefined;
        visiting.add(key);
        try {
            return fn();
        } finally {
            visiting.delete(key);
        }
    };

    const startOf = (urn: string): Time | undefined => {
        const cached = starts.get(urn);
        if (cached) return cached;
        const r = byUrn.get(urn);
        if (!r) return undefined;
        const result = guarded(`start:${urn}`, () => {
            let best: Time = { t: 0, by: undefined };
            for (const dep of r.dependencies) {
                const d = finishOf(dep);
                if (d && d.t > best.t) best = { t: d.t, by: dep };
            }
            const parent = r.parent !== undefined ? byUrn.get(r.parent) : undefined;
            if (parent && parent.type !== STACK_TYPE) {
                const ready = isLocalComponent(parent) ? startOf(parent.urn)?.t : (startOf(parent.urn)?.t ?? 0) + own(parent);
                if (ready !== undefined && ready > best.t) best = { t: ready, by: parent.urn };
            }
            return best;
        });
        if (result) starts.set(urn, result);
        return result;
    };

    const finishOf = (urn: string): Time | undefined => {
        const cached = finishes.get(urn);
        if (cached) return cached;
        const r = byUrn.get(urn);
        if (!r) return undefined;
        const result = guarded(`finish:${urn}`, () => {
            let best: Time = { t: (startOf(urn)?.t ?? 0) + own(r), by: undefined };
            for (const child of children.get(urn) ?? []) {
                const c = finishOf(child);
                if (c && c.t > best.t) best = { t: c.t, by: child };
            }
            return best;
        });
        if (result) finishes.set(urn, result);
        return result;
    };

    const done = new Map<string, ScheduledResource>();
    for (const r of resources) {
        const s = startOf(r.urn) ?? { t: 0, by: undefined };
        const f = finishOf(r.urn) ?? { t: s.t + own(r), by: undefined };
        done.set(r.urn, { urn: r.urn, start: s.t, finish: f.t, duration: own(r), waitedOn: f.by ?? s.by });
    }

    let last: ScheduledResource | undefined;
    for (const s of done.values()) {
        if (byUrn.get(s.urn)?.type === STACK_TYPE) continue;
        if (!last || s.finish > last.finish) last = s;
    }
    // Walk back from the last resource to finish: through the child that finished it, or else
    // through whatever held back its start.
    const path: ScheduledResource[] = [];
    const seen = new Set<string>();
    let urn: string | undefined = last?.urn;
    let viaStart = false;
    while (urn !== undefined && !seen.has(`${urn}:${viaStart}`)) {
        seen.add(`${urn}:${viaStart}`);
        const s = done.get(urn)!;
        const r = byUrn.get(urn)!;
        const f = finishes.get(urn);
        if (!viaStart && f?.by !== undefined) {
            urn = f.by;
            continue;
        }
        if (!isLocalComponent(r) && !isBookkeeping(r) && s.duration > 0 && !viaStart) path.push(s);
        const by = starts.get(urn)?.by;
        const held = by !== undefined ? byUrn.get(by) : undefined;
        // Held back by a component parent's start: continue from that start, not its finish.
        viaStart = held !== undefined && held.urn === r.parent && isLocalComponent(held);
        urn = by;
    }
    path.reverse();
    return { byUrn: done, total: last?.finish ?? 0, criticalPath: path };
}
