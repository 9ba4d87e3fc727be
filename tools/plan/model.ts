/**
 * The plan of one stack as data: what the renderers (text, Markdown, JSON) print.
 * Built from an offline run; nothing here talks to Pulumi or AWS.
 */
import { CONFIG_NAMESPACE, parsePlatformConfig } from "../../stacks/config.js";
import type { PlaceholderSecret, StackRun } from "../../engine/engine.js";
import { MOCK_ACCOUNT_ID } from "../../engine/mocks.js";
import { estimateMonthlyCost, type CostEstimate } from "./cost.js";
import { estimateDeployTime, type DeployEstimate } from "./estimate.js";
import { estimatePodCapacity, type PodCapacity } from "./capacity.js";
import { buildTree, isLocalComponent, STACK_TYPE, type GraphResource, type TreeNode } from "./graph.js";
import type { PolicySummary } from "./policy.js";

export type { PolicySummary } from "./policy.js";

export interface ComponentNode {
    readonly type: string;
    readonly name: string;
    readonly remote: boolean;
    /** Resources at and below it (local components not counted). */
    readonly resources: number;
    /** Resources directly under it, not under a child component. */
    readonly ownResources: number;
    readonly children: ComponentNode[];
}

export interface ResourceGroup {
    /** `type name` of the component, or the stack for resources directly under it. */
    readonly component: string;
    readonly resources: { readonly type: string; readonly name: string; readonly remote: boolean; readonly protect: boolean }[];
}

export interface ConfigEntry {
    /** `eks-platform:`-relative dotted key (`network.azCount`), or a full key of another namespace (`aws:region`). */
    readonly key: string;
    /** The value as text; `[secret]` for secrets. */
    readonly value: string;
    /** `stack` when Pulumi.<stack>.yaml sets it, `default` for a tier default. */
    readonly source: "stack" | "default";
    readonly secret: boolean;
}

export type OutputState = "known" | "after-deploy" | "secret";

export interface OutputEntry {
    readonly key: string;
    readonly state: OutputState;
    /** The value when known offline; absent otherwise. */
    readonly value?: unknown;
}

export interface ComponentEdge {
    /** The component that is needed... */
    readonly from: string;
    /** ...by this one. */
    readonly to: string;
}

export interface StackCost {
    readonly stack: string;
    readonly monthlyUsd?: number;
    readonly error?: string;
}

export interface Plan {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    /** Resources a first `pulumi up` registers (the stack itself not counted). */
    readonly resourceCount: number;
    readonly components: ComponentNode[];
    readonly groups: ResourceGroup[];
    readonly edges: ComponentEdge[];
    readonly policy: PolicySummary;
    readonly config: ConfigEntry[];
    readonly outputs: OutputEntry[];
    readonly deployTime: DeployEstimate;
    readonly cost: CostEstimate | undefined;
    /** Pods per node and the pod-IP budget at the Karpenter limits. */
    readonly capacity: PodCapacity | undefined;
    /** With `--compare`: every stack of the project priced the same way, for dev vs prod; empty otherwise. */
    readonly costByStack: StackCost[];
    /** Required secrets the stack file does not hold (a placeholder stood in offline), with the command that sets each. */
    readonly setBeforeDeploying: PlaceholderSecret[];
}

export interface PlanInputs {
    readonly run: StackRun;
    readonly policy: PolicySummary;
    readonly costByStack: StackCost[];
}

export function buildPlan({ run, policy, costByStack }: PlanInputs): Plan {
    const resources: GraphResource[] = run.resources;
    const region = run.config["aws:region"] ?? "(unset)";
    return {
        project: run.project,
        stack: run.stack,
        region,
        resourceCount: run.resources.filter((r) => r.type !== STACK_TYPE).length,
        components: buildTree(resources).filter((n) => !n.resource.custom).map(toComponentNode),
        groups: groupByComponent(run),
        edges: componentEdges(resources),
        policy,
        config: configEntries(run),
        outputs: outputEntries(run.outputs),
        deployTime: estimateDeployTime(resources),
        cost: estimateMonthlyCost(resources, region),
        capacity: estimatePodCapacity(resources, run.outputs["privateIpCapacity"]),
        costByStack,
        setBeforeDeploying: run.placeholderSecrets,
    };
}

function toComponentNode(n: TreeNode): ComponentNode {
    return {
        type: n.resource.type,
        name: n.resource.name,
        remote: n.resource.remote,
        resources: n.resourceCount,
        ownResources: n.children.filter((c) => c.resource.custom).length,
        children: n.children.filter((c) => !c.resource.custom).map(toComponentNode),
    };
}

function groupByComponent(run: StackRun): ResourceGroup[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, ResourceGroup>();
    for (const r of run.resources) {
        if (r.type === STACK_TYPE || isLocalComponent(r)) continue;
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        const label = !parent || parent.type === STACK_TYPE ? `${STACK_TYPE} ${run.project}-${run.stack}` : `${parent.type} ${parent.name}`;
        const group = groups.get(label) ?? { component: label, resources: [] };
        group.resources.push({ type: r.type, name: r.name, remote: r.remote, protect: r.protect });
        groups.set(label, group);
    }
    return [...groups.values()];
}

/**
 * Which part of the program needs which, one level below the top: a resource belongs to the
 * component directly under a top-level component that holds it (or to the top-level one for
 * its own resources); an edge A -> B says something in B depends on something in A.
 */
export function componentEdges(resources: readonly GraphResource[]): ComponentEdge[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const unitOf = (urn: string): GraphResource | undefined => {
        const chain: GraphResource[] = [];
        for (let r = byUrn.get(urn); r && r.type !== STACK_TYPE; r = r.parent ? byUrn.get(r.parent) : undefined) chain.unshift(r);
        const [top, second] = chain;
        return second && !second.custom ? second : top;
    };
    const edges = new Map<string, ComponentEdge>();
    for (const r of resources) {
        const to = unitOf(r.urn);
        if (!to) continue;
        for (const dep of r.dependencies) {
            const from = unitOf(dep);
            if (!from || from.urn === to.urn) continue;
            edges.set(`${from.urn}->${to.urn}`, { from: from.name, to: to.name });
        }
    }
    return [...edges.values()];
}

/** The parsed config with tier defaults filled in, flattened, secrets masked. */
export function configEntries(run: StackRun): ConfigEntry[] {
    const prefix = `${CONFIG_NAMESPACE}:`;
    // A secret the run filled with a placeholder is as secret as one the stack holds.
    const secret = new Set([...run.secretConfigKeys, ...run.placeholderSecrets.map((p) => `${prefix}${p.key.split(".")[0]}`)]);
    const parsed = parsePlatformConfig({ project: run.project, stack: run.stack, values: run.config, secretKeys: run.secretConfigKeys, missingSecrets: "placeholder" });
    const entries: ConfigEntry[] = [];
    const setInStack = (path: string[]): boolean => {
        const text = run.config[`${prefix}${path[0]}`];
        if (text === undefined) return false;
        let value: unknown = decode(text);
        for (const part of path.slice(1)) {
            if (value === null || typeof value !== "object" || !(part in value)) return false;
            value = (value as Record<string, unknown>)[part];
        }
        return true;
    };
    const walk = (value: unknown, path: string[]) => {
        // A secret key's values are Outputs: name each entry, never look inside.
        const secretLeaf = secret.has(`${prefix}${path[0]}`) && path.length >= 2;
        if (!secretLeaf && value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0 && path[0] !== "tags") {
            for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
            return;
        }
        const isSecret = secret.has(`${prefix}${path[0]}`);
        entries.push({
            key: path.join("."),
            value: isSecret ? "[secret]" : typeof value === "string" ? value : JSON.stringify(value),
            source: setInStack(path) ? "stack" : "default",
            secret: isSecret,
        });
    };
    const { project: _project, stack: _stack, region: _region, defaultTags: _defaultTags, placeholderSecrets: _placeholders, ...platform } = parsed;
    for (const [key, value] of Object.entries(platform)) walk(value, [key]);
    for (const [key, value] of Object.entries(run.config)) {
        if (key.startsWith(prefix)) continue;
        entries.push({ key, value: secret.has(key) ? "[secret]" : value, source: "stack", secret: secret.has(key) });
    }
    return entries;
}

function decode(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * Marks of values the cloud assigns, as the offline mocks stand them in: resource ids
 * (`mocked::...`), ARNs in the mock account, the 32-hex id EKS puts in endpoints, and load
 * balancer DNS names (`<name>-<hash>.elb.<region>.amazonaws.com`), which AWS picks at creation.
 */
const ASSIGNED_BY_THE_CLOUD: readonly RegExp[] = [/mocked::/, new RegExp(MOCK_ACCOUNT_ID), /[0-9A-F]{32}/, /\.elb\.[a-z0-9-]+\.amazonaws\.com$/];

/**
 * Stack outputs as a first `pulumi up` would export them. Values the cloud assigns only
 * exist after deploy and are shown as such; values from config are known now.
 */
export function outputEntries(outputs: Record<string, unknown>): OutputEntry[] {
    return Object.entries(outputs).map(([key, value]) => {
        const state = outputState(value);
        return state === "known" ? { key, state, value } : { key, state };
    });
}

function outputState(value: unknown): OutputState {
    if (isSecretMarker(value)) return "secret";
    if (typeof value === "string") return ASSIGNED_BY_THE_CLOUD.some((re) => re.test(value)) ? "after-deploy" : "known";
    const parts = Array.isArray(value) ? value : value !== null && typeof value === "object" ? Object.values(value) : [];
    const states = parts.map(outputState);
    if (states.includes("secret")) return "secret";
    return states.includes("after-deploy") ? "after-deploy" : "known";
}

function isSecretMarker(value: unknown): boolean {
    return value !== null && typeof value === "object" && (value as { secret?: unknown }).secret === true && "value" in value;
}
