/** The plan for a terminal. */
import { capacityLines } from "./capacity.js";
import { CREATION_TIMES_AS_OF } from "./creation-times.js";
import type { CriticalStep } from "./estimate.js";
import type { ComponentNode, OutputEntry, Plan } from "./model.js";

/** `912` -> `15m 12s`. */
export function duration(seconds: number): string {
    const s = Math.round(seconds);
    const m = Math.floor(s / 60);
    return m === 0 ? `${s}s` : `${m}m ${String(s % 60).padStart(2, "0")}s`;
}

/** `1234.5` -> `$1,234.50`. */
export function usd(n: number): string {
    return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function shortType(type: string): string {
    const m = /^aws:[^/]+\/[^:]+:(.+)$/.exec(type);
    return m?.[1] ?? type;
}

export function insideChain(step: CriticalStep): string {
    return (step.inside ?? []).map((i) => `${shortType(i.type)} ${duration(i.seconds)}`).join(" -> ");
}

export function outputValue(o: OutputEntry): string {
    if (o.state === "secret") return "[secret]";
    if (o.state === "after-deploy") return "(known after deploy)";
    return JSON.stringify(o.value);
}

export function policyHeadline(plan: Plan): string {
    const p = plan.policy;
    if (!p.available) return `not run: ${p.reason}`;
    return `${p.rules} rules over ${p.resourcesChecked} resources: ${p.mandatory} mandatory and ${p.advisory} advisory violations`;
}

export function renderText(plan: Plan): string {
    const out: string[] = [];
    out.push(`Plan of stack ${plan.stack} (project ${plan.project}, ${plan.region}): ${plan.resourceCount} resources, computed offline`);

    out.push("", "Components");
    const tree = (n: ComponentNode, depth: number) => {
        const remote = n.remote ? " (remote component)" : "";
        out.push(`${"  ".repeat(depth + 1)}${n.type} ${n.name}${remote}: ${n.resources} resource${n.resources === 1 ? "" : "s"}`);
        n.children.forEach((c) => tree(c, depth + 1));
    };
    plan.components.forEach((c) => tree(c, 0));

    out.push("", "Resources by component");
    for (const g of plan.groups) {
        out.push(`  ${g.component}`);
        for (const r of g.resources) out.push(`    + ${r.type} ${r.name}${r.remote ? " (remote)" : ""}${r.protect ? " [protected]" : ""}`);
    }

    out.push("", `Policy: ${policyHeadline(plan)}`);
    if (plan.policy.available) {
        for (const v of plan.policy.violations) {
            out.push(`  - [${v.enforcementLevel}/${v.severity}] ${v.policy}${v.resourceName ? ` on ${v.resourceType} ${v.resourceName}` : ""}: ${v.message}`);
        }
    }

    out.push("", `Config in force (* = set in Pulumi.${plan.stack}.yaml, otherwise the tier default)`);
    for (const c of plan.config) out.push(`  ${c.source === "stack" ? "*" : " "} ${c.key} = ${c.value}`);

    out.push("", "Outputs");
    for (const o of plan.outputs) out.push(`  ${o.key} = ${outputValue(o)}`);

    const t = plan.deployTime;
    out.push("", `Deploy time of a first pulumi up (estimate; creation times as of ${CREATION_TIMES_AS_OF}, tools/plan/creation-times.ts)`);
    out.push(`  critical path ${duration(t.criticalPathSeconds)}; all creation times summed ${duration(t.sumSeconds)}; ${t.resourcesCreated} cloud resources`);
    for (const s of t.criticalPath) {
        const chain = s.inside ? ` [${insideChain(s)}]` : "";
        out.push(`  ${duration(s.start).padStart(8)} -> ${duration(s.finish).padEnd(8)} ${s.type} ${s.name} (${duration(s.seconds)})${chain}`);
    }
    for (const p of t.parallelizableOnPath) out.push(`  ! on the critical path though it could run beside the control plane: ${p}`);

    if (plan.capacity) {
        out.push("", "Pod capacity and pod-IP budget (domain/pod-ips.ts)");
        for (const line of capacityLines(plan.capacity)) out.push(`  ${line}`);
    }

    out.push("");
    if (!plan.cost) {
        out.push(`Monthly cost: no price table for ${plan.region} (tools/plan/prices.ts)`);
    } else {
        out.push(`Monthly baseline before workloads in ${plan.cost.region} (on-demand, prices as of ${plan.cost.pricesAsOf}, tools/plan/prices.ts)`);
        const width = Math.max(...plan.cost.items.map((i) => i.item.length), 10);
        for (const i of plan.cost.items) out.push(`  ${i.item.padEnd(width)}  ${usd(i.monthlyUsd).padStart(10)}`);
        out.push(`  ${"total".padEnd(width)}  ${usd(plan.cost.monthlyUsd).padStart(10)}`);
        for (const u of plan.cost.unpriced) out.push(`  ! not priced: ${u}`);
    }
    if (plan.costByStack.length > 0) {
        out.push(`  by stack: ${plan.costByStack.map((s) => `${s.stack} ${s.monthlyUsd !== undefined ? usd(s.monthlyUsd) : `n/a (${s.error})`}`).join(", ")}`);
    }
    return `${out.join("\n")}\n`;
}
