import { expect } from "chai";
import { estimateMonthlyCost } from "../../tools/plan/cost.js";
import type { GraphResource } from "../../tools/plan/graph.js";
import { BASELINE_USAGE, PRICES } from "../../tools/plan/prices.js";

let n = 0;
function res(type: string, name: string, plainInputs: Record<string, unknown> = {}): GraphResource {
    n += 1;
    return { urn: `urn:${n}:${name}`, type, name, custom: true, remote: false, parent: undefined, dependencies: [], plainInputs };
}

const nodeGroup = res("aws:eks/nodeGroup:NodeGroup", "ng", { instanceTypes: ["m7i.large"], scalingConfig: { desiredSize: 2 }, diskSize: 50 });
const efs = [res("aws:efs/fileSystem:FileSystem", "fs"), ...[0, 1, 2].map((i) => res("aws:efs/mountTarget:MountTarget", `mt-${i}`))];
const observability = [
    res("aws:eks/addon:Addon", "cw", { addonName: "amazon-cloudwatch-observability" }),
    ...["application", "dataplane", "host", "performance"].map((k) => res("aws:cloudwatch/logGroup:LogGroup", k, { name: `/aws/containerinsights/eks-prod/${k}` })),
];
const monthly = (items: { item: string; monthlyUsd: number }[], prefix: string) => items.find((i) => i.item.startsWith(prefix))?.monthlyUsd;

describe("plan: EFS and Container Insights prices", () => {
    it("prices an EFS file system by its assumed Standard storage; mount targets cost nothing", () => {
        const cost = estimateMonthlyCost([nodeGroup, ...efs], "eu-west-1")!;
        expect(BASELINE_USAGE.efsStandardGb).to.equal(5);
        expect(PRICES["eu-west-1"]!.efsStandardGbMonth.usd).to.equal(0.33);
        expect(monthly(cost.items, "EFS Standard storage (5 GB per file system assumed)")).to.equal(1.65);
        const targets = cost.items.find((i) => i.item.startsWith("EFS mount targets"))!;
        expect([targets.quantity, targets.monthlyUsd]).to.deep.equal([3, 0]);
        expect(cost.items.some((i) => i.item.startsWith("Container Insights"))).to.equal(false);
    });

    it("prices Container Insights per node and its logs per GB, instead of as other log groups", () => {
        const cost = estimateMonthlyCost([nodeGroup, ...observability], "eu-west-1")!;
        expect(monthly(cost.items, "Container Insights, enhanced observability (2 nodes")).to.equal(9);
        // 2 nodes x 2 GB at $0.57 ingested, $0.03 stored.
        expect(monthly(cost.items, "Container Insights logs ingestion")).to.equal(2.28);
        expect(monthly(cost.items, "Container Insights logs storage")).to.equal(0.12);
        expect(cost.items.find((i) => i.item.startsWith("CloudWatch Logs ingestion"))).to.equal(undefined);
    });
});
