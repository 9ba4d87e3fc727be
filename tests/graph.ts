/**
 * The dependency graph of a recorded run, as the Pulumi engine orders it: a resource comes after
 * everything it depends on (inputs and `dependsOn`), its provider and its parent. `pulumi up`
 * creates in topological order; `pulumi destroy` deletes in the reverse.
 */
import type { RecordedResource, StackRun } from "../engine/engine.js";

/** URN -> the URNs it must come after. URNs outside the run (remote children) appear as leaves. */
export function dependencyGraph(run: StackRun): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    const node = (urn: string) => graph.get(urn) ?? graph.set(urn, new Set()).get(urn)!;
    for (const r of run.resources) {
        const edges = node(r.urn);
        for (const dep of r.dependencies) edges.add(dep);
        // Provider references are `<provider urn>::<provider id>`.
        if (r.provider) edges.add(r.provider.slice(0, r.provider.lastIndexOf("::")));
        if (r.parent) edges.add(r.parent);
        for (const dep of edges) node(dep);
    }
    return graph;
}

/**
 * A creation order (dependencies first; ties broken by registration order so it is stable).
 * Throws on a cycle, which the engine would refuse too.
 */
export function topologicalOrder(run: StackRun): string[] {
    const graph = dependencyGraph(run);
    const registration = new Map(run.resources.map((r, i) => [r.urn, i]));
    const rank = (urn: string) => registration.get(urn) ?? -1;
    const waiting = new Map([...graph].map(([urn, deps]) => [urn, deps.size]));
    const dependents = new Map<string, string[]>();
    for (const [urn, deps] of graph) for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), urn]);
    const ready = [...waiting].filter(([, n]) => n === 0).map(([urn]) => urn);
    const order: string[] = [];
    while (ready.length > 0) {
        ready.sort((a, b) => rank(a) - rank(b));
        const next = ready.shift()!;
        order.push(next);
        for (const dependent of dependents.get(next) ?? []) {
            const left = waiting.get(dependent)! - 1;
            waiting.set(dependent, left);
            if (left === 0) ready.push(dependent);
        }
    }
    if (order.length !== graph.size) {
        const stuck = [...waiting].filter(([, n]) => n > 0).map(([urn]) => urn);
        throw new Error(`dependency cycle among: ${stuck.join(", ")}`);
    }
    return order;
}

/** The order `pulumi destroy` deletes in: dependents before what they depend on. */
export function destroyOrder(run: StackRun): string[] {
    return topologicalOrder(run).reverse();
}

/**
 * True when `from` depends on `to` through any chain of edges: then every valid destroy order
 * deletes `from` first, not just the one `destroyOrder` happens to pick.
 */
export function dependsOnTransitively(run: StackRun, from: RecordedResource | string, to: RecordedResource | string): boolean {
    const graph = dependencyGraph(run);
    const start = typeof from === "string" ? from : from.urn;
    const target = typeof to === "string" ? to : to.urn;
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
        const urn = stack.pop()!;
        for (const dep of graph.get(urn) ?? []) {
            if (dep === target) return true;
            if (!seen.has(dep)) {
                seen.add(dep);
                stack.push(dep);
            }
        }
    }
    return false;
}
