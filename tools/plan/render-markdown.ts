/** The plan as Markdown for a pull-request comment, with a Mermaid diagram of the components. */
import { CREATION_TIMES_AS_OF } from "./creation-times.js";
import { capacityLines } from "./capacity.js";
import type { ComponentNode, Plan } from "./model.js";
import { duration, insideChain, outputValue, policyHeadline, usd } from "./render-text.js";

/** Table cells: pipes and newlines would break the row. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
    return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * The components and which needs which, as a Mermaid flowchart: a box per top-level
 * component holding its parts, arrows from what is needed to what needs it.
 */
export function mermaid(plan: Plan): string {
    const ids = new Map<string, string>();
    const id = (name: string) => {
        if (!ids.has(name)) ids.set(name, `c${ids.size}`);
        return ids.get(name)!;
    };
    /** Component name -> the box an arrow to or from it lands on: its node, or its subgraph when it has no node. */
    const boxOf = new Map<string, string>();
    const quote = (text: string) => `"${text.replace(/"/g, "#quot;")}"`;
    const count = (n: number) => `${n} resource${n === 1 ? "" : "s"}`;
    const lines = ["flowchart LR"];
    for (const top of plan.components) {
        const parts = top.children;
        if (parts.length === 0) {
            boxOf.set(top.name, id(top.name));
            lines.push(`    ${id(top.name)}[${quote(`${top.name}<br/>${top.type}<br/>${count(top.resources)}`)}]`);
            continue;
        }
        const subgraph = `${id(top.name)}_box`;
        lines.push(`    subgraph ${subgraph}[${quote(`${top.name}: ${top.type}`)}]`);
        if (top.ownResources > 0) {
            boxOf.set(top.name, id(top.name));
            lines.push(`        ${id(top.name)}[${quote(`${top.name}<br/>${count(top.ownResources)}`)}]`);
        } else {
            // An arrow to a name no node declares would draw a stray box; Mermaid links subgraphs too.
            boxOf.set(top.name, subgraph);
        }
        for (const part of parts) {
            const kind = part.remote ? `${part.type} (remote)` : part.type;
            boxOf.set(part.name, id(part.name));
            lines.push(`        ${id(part.name)}[${quote(`${part.name}<br/>${kind}<br/>${count(part.resources)}`)}]`);
        }
        lines.push("    end");
    }
    for (const e of plan.edges) {
        const from = boxOf.get(e.from);
        const to = boxOf.get(e.to);
        if (from && to) lines.push(`    ${from} --> ${to}`);
    }
    return lines.join("\n");
}

export function renderMarkdown(plan: Plan): string {
    const out: string[] = [];
    const t = plan.deployTime;
    out.push(`## Plan of \`${plan.stack}\` (${plan.region})`, "");
    out.push(
        `**${plan.resourceCount} resources** · critical path of a first \`pulumi up\` **${duration(t.criticalPathSeconds)}** · ` +
            (plan.cost ? `baseline **${usd(plan.cost.monthlyUsd)}/month** · ` : "") +
            `policy: ${policyHeadline(plan)}`,
        "",
        "_Computed offline: the real program under Pulumi mocks. No cloud was called._",
        "",
    );

    if (plan.setBeforeDeploying.length > 0) {
        out.push("### Set before deploying", "", `Secrets \`Pulumi.${plan.stack}.yaml\` does not hold; a placeholder stood in offline.`, "");
        for (const p of plan.setBeforeDeploying) out.push(`- \`${p.key}\`: \`${p.command}\``);
        out.push("");
    }

    out.push("### Components", "", "```mermaid", mermaid(plan), "```", "");
    out.push("| Component | Type | Resources |", "|---|---|---:|");
    const row = (n: ComponentNode, depth: number) => {
        out.push(`| ${"&nbsp;&nbsp;".repeat(depth)}${cell(n.name)} | ${code(n.type)}${n.remote ? " (remote)" : ""} | ${n.resources} |`);
        n.children.forEach((c) => row(c, depth + 1));
    };
    plan.components.forEach((c) => row(c, 0));
    out.push("");

    out.push("<details><summary>Resources by component</summary>", "");
    for (const g of plan.groups) {
        out.push(`**${cell(g.component)}**`, "");
        for (const r of g.resources) out.push(`- ${code(r.type)} ${cell(r.name)}${r.remote ? " (remote)" : ""}${r.protect ? " 🔒" : ""}`);
        out.push("");
    }
    out.push("</details>", "");

    out.push("### Policy", "", policyHeadline(plan), "");
    if (plan.policy.available && plan.policy.violations.length > 0) {
        out.push("| Level | Severity | Policy | Resource | Message |", "|---|---|---|---|---|");
        for (const v of plan.policy.violations) {
            out.push(`| ${v.enforcementLevel} | ${v.severity} | ${code(v.policy)} | ${cell(v.resourceName ? `${v.resourceType} ${v.resourceName}` : "stack")} | ${cell(v.message)} |`);
        }
        out.push("");
    }

    out.push("### Deploy time (estimate)", "");
    out.push(
        `Critical path **${duration(t.criticalPathSeconds)}**; all creation times summed ${duration(t.sumSeconds)} over ${t.resourcesCreated} cloud resources ` +
            `(creation times as of ${CREATION_TIMES_AS_OF}, \`tools/plan/creation-times.ts\`).`,
        "",
    );
    out.push("| Start | Finish | Resource | Takes | Inside |", "|---:|---:|---|---:|---|");
    for (const s of t.criticalPath) {
        out.push(`| ${duration(s.start)} | ${duration(s.finish)} | ${code(s.type)} ${cell(s.name)} | ${duration(s.seconds)} | ${cell(insideChain(s))} |`);
    }
    out.push("");
    for (const p of t.parallelizableOnPath) out.push(`> ⚠️ On the critical path though it could run beside the control plane: ${cell(p)}`, "");

    if (plan.capacity) {
        out.push("### Pod capacity and pod-IP budget", "");
        for (const line of capacityLines(plan.capacity)) out.push(`- ${cell(line)}`);
        out.push("");
    }

    out.push("### Monthly baseline before workloads", "");
    if (!plan.cost) {
        out.push(`No price table for ${plan.region} in \`tools/plan/prices.ts\`.`, "");
    } else {
        out.push(`On-demand prices for ${plan.cost.region} as of ${plan.cost.pricesAsOf} (\`tools/plan/prices.ts\`).`, "");
        out.push("| Item | Quantity | Unit price | Per month |", "|---|---:|---:|---:|");
        for (const i of plan.cost.items) out.push(`| ${cell(i.item)} | ${i.quantity} | ${usd(i.unitUsd)} / ${cell(i.unit)} | ${usd(i.monthlyUsd)} |`);
        out.push(`| **Total** | | | **${usd(plan.cost.monthlyUsd)}** |`, "");
        for (const u of plan.cost.unpriced) out.push(`> Not priced: ${cell(u)}`, "");
    }
    if (plan.costByStack.length > 0) {
        out.push("| Stack | Per month |", "|---|---:|");
        for (const s of plan.costByStack) out.push(`| ${s.stack} | ${s.monthlyUsd !== undefined ? usd(s.monthlyUsd) : cell(`n/a: ${s.error}`)} |`);
        out.push("");
    }

    out.push(`<details><summary>Config in force</summary>`, "", `Bold keys are set in \`Pulumi.${plan.stack}.yaml\`; the rest are tier defaults.`, "");
    out.push("| Key | Value |", "|---|---|");
    for (const c of plan.config) out.push(`| ${c.source === "stack" ? `**${cell(c.key)}**` : cell(c.key)} | ${code(c.value)} |`);
    out.push("", "</details>", "");

    out.push("<details><summary>Outputs</summary>", "", "| Output | Value |", "|---|---|");
    for (const o of plan.outputs) out.push(`| ${cell(o.key)} | ${o.state === "known" ? code(outputValue(o)) : cell(outputValue(o))} |`);
    out.push("", "</details>", "");
    return out.join("\n");
}
