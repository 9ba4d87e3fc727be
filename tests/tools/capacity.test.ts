import { expect } from "chai";
import type { StackRun } from "../../engine/engine.js";
import { committedRuns } from "../stack-runs.js";
import { capacityLines, estimatePodCapacity } from "../../tools/plan/capacity.js";
import { buildPlan } from "../../tools/plan/model.js";
import { renderMarkdown } from "../../tools/plan/render-markdown.js";
import { renderText } from "../../tools/plan/render-text.js";

describe("plan: pods per node and the pod-IP budget", () => {
    let dev: StackRun;
    let prod: StackRun;
    before(async () => ([dev, prod] = await committedRuns()));

    it("prod: 1,024 vCPU of xlarge-or-larger nodes fit the three /18 private subnets with 31.7% to spare", () => {
        const c = estimatePodCapacity(prod.resources, prod.outputs["privateIpCapacity"])!;
        expect(c).to.deep.include({ maxPods: 110, addressesPerNode: 129, karpenterNodes: 256, podsAtLimits: 28_160, systemNodes: 4, addressesNeeded: 33_540, privateIpCapacity: 49_137, fits: true });
        expect(c.headroom).to.be.closeTo(0.317, 0.001);
        expect(c.pools.map((p) => [p.name, p.nodes])).to.have.deep.members([
            ["on-demand", 192],
            ["spot", 64],
        ]);
    });

    it("dev: 80 vCPU of large nodes take 11% of the private addresses", () => {
        const c = estimatePodCapacity(dev.resources, dev.outputs["privateIpCapacity"])!;
        expect(c).to.deep.include({ karpenterNodes: 40, podsAtLimits: 4_400, systemNodes: 3, addressesNeeded: 5_547, fits: true });
    });

    it("prints the budget in the text and markdown plans", () => {
        const plan = buildPlan({ run: prod, policy: { available: false, reason: "not run here" }, costByStack: [] });
        const lines = capacityLines(plan.capacity!);
        expect(lines[0]).to.equal("pods per Karpenter node: 110 (kubelet maxPods, prefix delegation); 129 subnet addresses per node at that");
        expect(renderText(plan)).to.include("Pod capacity and pod-IP budget").and.include("headroom 31.7%");
        expect(renderMarkdown(plan)).to.include("### Pod capacity and pod-IP budget");
    });
});
