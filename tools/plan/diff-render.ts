/** The change diff as text (terminal) and Markdown (the pull-request comment). */
import { statefulWarnings, summarize, type ResourceChange, type StackDiff } from "./diff.js";

const SYMBOL = { create: "+", update: "~", delete: "-" } as const;

function headline(diff: StackDiff): string {
    const s = summarize(diff.changes);
    if (diff.changes.length === 0) return `No changes to stack ${diff.stack} against ${diff.base}.`;
    return `Changes to stack ${diff.stack} against ${diff.base}: ${s.create} to create, ${s.update} to update, ${s.delete} to delete (${s.replace} likely replacement(s), ${s.move} move(s)).`;
}

function changeLines(change: ResourceChange): string[] {
    const flags = [
        change.replacedBy.length > 0 ? "REPLACE" : "",
        change.stateful ? "stateful" : "",
    ].filter(Boolean);
    const lines = [`${SYMBOL[change.kind]} ${change.kind} ${change.type} ${change.name}${flags.length ? ` [${flags.join(", ")}]` : ""}`];
    if (change.move) lines.push(`    moved: parent ${change.move.from ?? "(stack)"} -> ${change.move.to ?? "(stack)"}`);
    for (const input of change.inputs) {
        const mark = change.replacedBy.includes(input.path) ? " (forces replacement)" : "";
        lines.push(`    ${input.path}: ${input.before} -> ${input.after}${mark}`);
    }
    return lines;
}

export function renderDiffText(diff: StackDiff): string {
    const lines = [headline(diff)];
    const warnings = statefulWarnings(diff.changes);
    if (warnings.length > 0) lines.push("", ...warnings.map((w) => `!!! ${w}`));
    if (diff.changes.length > 0) lines.push("", ...diff.changes.flatMap(changeLines));
    return `${lines.join("\n")}\n`;
}

/** Markdown for the pull-request comment: warnings first and unmissable, details folded. */
export function renderDiffMarkdown(diff: StackDiff): string {
    const lines = [`### Change diff: \`${diff.stack}\` against \`${diff.base}\``, "", headline(diff)];
    const warnings = statefulWarnings(diff.changes);
    if (warnings.length > 0) lines.push("", "> [!CAUTION]", ...warnings.map((w) => `> **${w}**`));
    if (diff.changes.length > 0) {
        lines.push("", "<details><summary>Every changed resource</summary>", "", "```diff", ...diff.changes.flatMap(changeLines), "```", "", "</details>");
    }
    return `${lines.join("\n")}\n`;
}
