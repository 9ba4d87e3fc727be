/**
 * The plan's policy summary: both CrossGuard packs run over the recorded resources by
 * `checkStackPolicies` (tools/policy-check.ts, the library behind `npm run policy`).
 */
import type { StackRun } from "../../engine/engine.js";
import { checkStackPolicies } from "../policy-check.js";
import type { PolicySummary } from "./model.js";

export type { PolicyReport, PolicyViolation } from "../policy-check.js";

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
