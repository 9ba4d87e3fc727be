/**
 * The plan's policy summary: both CrossGuard packs run over the recorded resources by
 * `checkStackPolicies` (tools/policy-check.ts, the library behind `npm run policy`).
 */
import type { StackRun } from "../../engine/engine.js";
import { checkStackPolicies, type PolicyReport } from "../policy-check.js";

export type { PolicyReport, PolicyViolation } from "../policy-check.js";

/** What the plan shows of the policy check: the report's figures, or why there is none. */
export type PolicySummary =
    | ({ readonly available: true } & Pick<PolicyReport, "rules" | "resourcesChecked" | "mandatory" | "advisory" | "violations">)
    | { readonly available: false; readonly reason: string };

/** A policy config problem does not hide the rest of the plan: the summary says what is wrong instead. */
export async function policySummary(run: StackRun, check: typeof checkStackPolicies = checkStackPolicies): Promise<PolicySummary> {
    try {
        const report = await check(run);
        return {
            available: true,
            rules: report.rules,
            resourcesChecked: report.resourcesChecked,
            mandatory: report.mandatory,
            advisory: report.advisory,
            violations: report.violations,
        };
    } catch (err) {
        return { available: false, reason: `the policy check failed: ${(err as Error).message.split("\n").join(" ")}` };
    }
}
