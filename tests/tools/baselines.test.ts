/**
 * The monthly baselines of both stacks, pinned. A change that raises (or lowers) a stack's bill
 * shows up here in review: update MONTHLY_BASELINE_USD with the plan's new figure, and say why.
 */
import { expect } from "chai";
import type { StackRun } from "../../engine/engine.js";
import { committedRun } from "../stack-runs.js";
import { estimateMonthlyCost } from "../../tools/plan/cost.js";

/** `npm run plan -- --stack <stack>`, "total" of the monthly baseline. */
export const MONTHLY_BASELINE_USD = { dev: 199.68, prod: 436.65 } as const;
/** How far a figure may drift (price-table rounding) before the pin must be updated. */
export const BASELINE_TOLERANCE_USD = 2;
/** What dev must stay under, by the plan's own estimate. */
export const DEV_BUDGET_USD = 200;

describe("monthly baselines (tools/plan/cost.ts over both stacks)", () => {
    const runs: Partial<Record<keyof typeof MONTHLY_BASELINE_USD, StackRun>> = {};
    before(async () => {
        runs.dev = await committedRun("dev");
        runs.prod = await committedRun("prod");
    });
    const total = (stack: keyof typeof MONTHLY_BASELINE_USD) => estimateMonthlyCost(runs[stack]!.resources, "eu-west-1")!.monthlyUsd;

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack} costs $${MONTHLY_BASELINE_USD[stack]} a month before workloads (within $${BASELINE_TOLERANCE_USD})`, () => {
            expect(total(stack)).to.be.closeTo(MONTHLY_BASELINE_USD[stack], BASELINE_TOLERANCE_USD);
        });
    }

    it(`dev stays under $${DEV_BUDGET_USD} a month, with its ingress and every component`, () => {
        expect(total("dev")).to.be.below(DEV_BUDGET_USD);
        const types = new Set(runs.dev!.resources.map((r) => r.type));
        for (const component of ["platform:ingress:Ingress", "platform:karpenter:Karpenter", "platform:cluster:SystemNodeGroup", "platform:registries:Registries"]) {
            expect(types.has(component), component).to.equal(true);
        }
    });

    it("prod keeps its HA system nodes on-demand; dev runs one spot node", () => {
        const ng = (run: StackRun) => run.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup")!.plainInputs as any;
        expect(ng(runs.prod!)).to.deep.include({ capacityType: "ON_DEMAND", scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 } });
        expect(ng(runs.dev!)).to.deep.include({ capacityType: "SPOT", scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 3 } });
    });
});
