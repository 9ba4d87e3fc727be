import { chartName, type ChartRef } from "./cache.js";
import type { ChartsReport } from "./render.js";

function chartLabel(ref: ChartRef): string {
    return `${chartName(ref)} ${ref.version}`;
}

export function findingCount(report: ChartsReport): number {
    return report.releases.reduce((n, r) => n + r.findings.length, 0) + report.program.findings.length + report.wiring.length;
}

/** One line per release, its findings and notes under it, then the wiring, then a summary. */
export function formatChartsReport(stack: string, report: ChartsReport, seconds?: number): string {
    const lines = [`Charts of stack ${stack}: helm template with the pulled charts, validated`];
    const width = Math.max(...report.releases.map((r) => `${r.namespace}/${r.name}`.length), 10);
    for (const r of report.releases) {
        const status = r.findings.length ? "FAIL" : "ok  ";
        const what = `${r.objects} objects${r.crds ? `, ${r.crds} CRDs` : ""}`;
        lines.push(`${status} ${`${r.namespace}/${r.name}`.padEnd(width)}  ${chartLabel(r.chart).padEnd(22)} ${what}${r.findings.length ? `, ${r.findings.length} finding(s)` : ""}`);
        for (const f of r.findings) lines.push(`       - ${f}`);
        for (const n of r.notes) lines.push(`       note: ${n}`);
    }
    lines.push(`${report.program.findings.length ? "FAIL" : "ok  "} ${"(program)".padEnd(width)}  ${"".padEnd(22)} ${report.program.objects} objects the program creates`);
    for (const f of report.program.findings) lines.push(`       - ${f}`);
    lines.push(`${report.wiring.length ? "FAIL" : "ok  "} ${"(wiring)".padEnd(width)}  ${"".padEnd(22)} Pod Identity, selectors, ServiceAccounts, namespaces, ownership`);
    for (const f of report.wiring) lines.push(`       - ${f}`);
    for (const n of report.notes) lines.push(`note: ${n}`);
    const findings = findingCount(report);
    const objects = report.releases.reduce((n, r) => n + r.objects, 0);
    const notes = report.releases.reduce((n, r) => n + r.notes.length, 0) + report.notes.length;
    lines.push(
        "",
        `${stack}: ${report.releases.length} releases rendered (${objects} objects), ${report.program.objects} program objects; ` +
            `${findings} finding(s), ${notes} note(s)${seconds === undefined ? "" : ` in ${seconds.toFixed(1)}s`}: ${findings ? "FAILED" : "passed"}`,
    );
    return `${lines.join("\n")}\n`;
}
