import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

/** The problems a Karpenter config is reported with, as `key: message` lines. */
const karpenterProblems = (karpenter: Record<string, unknown>): string[] => problemsOf({ ...minimal("dev"), karpenter });

/** A complete NodePool row, for pools a stack adds beyond the tier defaults. */
const gpuPool = {
    capacityTypes: ["on-demand"],
    weight: 5,
    instanceCategories: ["g"],
    minGeneration: 5,
    architectures: ["amd64"],
    limits: { cpu: 32, memoryGiB: 128 },
    disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "10m", budgets: [{ nodes: "1" }] },
    expireAfter: "720h",
};

describe("karpenter config", () => {
    describe("tier defaults", () => {
        it("dev: on-demand and spot pools, spot preferred by weight, no spot service-linked role", () => {
            const { karpenter } = parse(minimal("dev"));
            expect(Object.keys(karpenter.nodePools).sort()).to.deep.equal(["on-demand", "spot"]);
            expect(karpenter.nodePools["spot"]!.weight).to.be.above(karpenter.nodePools["on-demand"]!.weight);
            expect(karpenter.nodePools["spot"]!.capacityTypes).to.deep.equal(["spot"]);
            expect(karpenter.nodePools["on-demand"]!.capacityTypes).to.deep.equal(["on-demand"]);
            expect(karpenter.createSpotServiceLinkedRole).to.equal(false);
            expect(karpenter.nodeVolumeSizeGiB).to.equal(50);
        });

        it("prod: on-demand is the baseline (heavier) and spot the overflow, with larger limits", () => {
            const { karpenter } = parse(minimal("prod"));
            expect(karpenter.nodePools["on-demand"]!.weight).to.be.above(karpenter.nodePools["spot"]!.weight);
            expect(karpenter.nodePools["on-demand"]!.limits).to.deep.equal({ cpu: 768, memoryGiB: 3072 });
            expect(karpenter.nodePools["on-demand"]!.expireAfter).to.equal("720h");
            expect(karpenter.createSpotServiceLinkedRole).to.equal(false);
        });

        it("a stack changes one field of a default pool and keeps the rest", () => {
            const { karpenter } = parse({ ...minimal("prod"), karpenter: { nodePools: { spot: { limits: { cpu: 200 } } } } });
            expect(karpenter.nodePools["spot"]!.limits).to.deep.equal({ cpu: 200, memoryGiB: 1024 });
            expect(karpenter.nodePools["spot"]!.weight).to.equal(10);
        });

        it("a stack adds a complete pool and can switch a default one off", () => {
            const { karpenter } = parse({ ...minimal("dev"), karpenter: { nodePools: { gpu: gpuPool, spot: { enabled: false } } } });
            expect(karpenter.nodePools["gpu"]!.instanceCategories).to.deep.equal(["g"]);
            expect(karpenter.nodePools["spot"]!.enabled).to.equal(false);
        });
    });

    describe("bad input is a config error naming the key", () => {
        it("a NodePool without limits", () => {
            const { limits: _, ...withoutLimits } = gpuPool;
            expect(karpenterProblems({ nodePools: { gpu: withoutLimits } })).to.deep.equal([
                "karpenter.nodePools.gpu.limits: is required: every NodePool caps what it may launch; set limits.cpu and limits.memoryGiB (e.g. cpu: 100, memoryGiB: 400)",
            ]);
        });

        it("a limit missing its memory", () => {
            expect(karpenterProblems({ nodePools: { gpu: { ...gpuPool, limits: { cpu: 8 } } } })).to.deep.equal([
                "karpenter.nodePools.gpu.limits.memoryGiB: is required: a NodePool must cap its memory (e.g. memoryGiB: 400)",
            ]);
        });

        it("limits of 0", () => {
            expect(karpenterProblems({ nodePools: { spot: { limits: { cpu: 0, memoryGiB: 0 } } } })).to.deep.equal([
                "karpenter.nodePools.spot.limits.cpu: must be above 0: a limit of 0 lets the NodePool launch nothing; write e.g. cpu: 100, or set enabled: false",
                "karpenter.nodePools.spot.limits.memoryGiB: must be above 0: a limit of 0 lets the NodePool launch nothing; write e.g. memoryGiB: 400, or set enabled: false",
            ]);
        });

        it("an unknown capacity type", () => {
            expect(karpenterProblems({ nodePools: { spot: { capacityTypes: ["preemptible"] } } })).to.deep.equal([
                "karpenter.nodePools.spot.capacityTypes[0]: must be one of on-demand, spot, reserved",
            ]);
        });

        it("an unknown instance category", () => {
            const [problem] = karpenterProblems({ nodePools: { spot: { instanceCategories: ["c", "m7i"] } } });
            expect(problem).to.match(/^karpenter\.nodePools\.spot\.instanceCategories\[1\]: "m7i" is not an EC2 instance category; use one of a, c, /);
            expect(problem).to.contain("m7i -> m");
        });

        it("a consolidation window that does not parse", () => {
            expect(karpenterProblems({ nodePools: { spot: { disruption: { consolidateAfter: "5 minutes" } } } })).to.deep.equal([
                'karpenter.nodePools.spot.disruption.consolidateAfter: "5 minutes" is not a Karpenter duration; write a number with s, m or h (e.g. 30s, 5m, 1h30m) or Never',
            ]);
            expect(karpenterProblems({ nodePools: { spot: { disruption: { consolidateAfter: "1d" } } } })).to.have.length(1);
        });

        it("accepts the durations Karpenter accepts", () => {
            for (const consolidateAfter of ["30s", "5m", "1h", "1h30m", "Never"]) {
                expect(parse({ ...minimal("dev"), karpenter: { nodePools: { spot: { disruption: { consolidateAfter } } } } }).karpenter.nodePools["spot"]!.disruption.consolidateAfter).to.equal(consolidateAfter);
            }
        });

        it("an expiry that does not parse", () => {
            expect(karpenterProblems({ nodePools: { spot: { expireAfter: "30d" } } })[0]).to.match(/^karpenter\.nodePools\.spot\.expireAfter: "30d" is not a Karpenter duration/);
        });

        it("a consolidation policy the typed models do not know", () => {
            expect(karpenterProblems({ nodePools: { spot: { disruption: { consolidationPolicy: "Balanced" } } } })).to.deep.equal([
                "karpenter.nodePools.spot.disruption.consolidationPolicy: must be WhenEmpty or WhenEmptyOrUnderutilized (Balanced needs a newer @kubernetes-models/karpenter)",
            ]);
        });

        it("a budget schedule without a duration, and a bad budget node count", () => {
            expect(karpenterProblems({ nodePools: { spot: { disruption: { budgets: [{ nodes: "ten", schedule: "@daily" }] } } } })).to.deep.equal([
                'karpenter.nodePools.spot.disruption.budgets[0].nodes: must be a node count or a percentage, e.g. "2" or "10%"',
                'karpenter.nodePools.spot.disruption.budgets[0].duration: schedule and duration go together; set both (e.g. schedule: "0 9 * * mon-fri", duration: 8h) or neither',
            ]);
        });

        it("a weight outside 1-100", () => {
            expect(karpenterProblems({ nodePools: { spot: { weight: 0 } } })).to.deep.equal(["karpenter.nodePools.spot.weight: must be at least 1, got 0"]);
        });

        it("a pool name Kubernetes would refuse", () => {
            expect(karpenterProblems({ nodePools: { GPU_Pool: gpuPool } })).to.deep.equal([
                "karpenter.nodePools.GPU_Pool: is not a NodePool name; use lower-case letters, digits and - (e.g. on-demand)",
            ]);
        });

        it("every pool switched off", () => {
            expect(karpenterProblems({ nodePools: { spot: { enabled: false }, "on-demand": { enabled: false } } })).to.deep.equal([
                "karpenter.nodePools: enable at least one NodePool, or workloads have nowhere to run (the system nodes are tainted)",
            ]);
        });

        it("a taint with an effect Kubernetes does not have, and a label key it would refuse", () => {
            expect(
                karpenterProblems({ nodePools: { spot: { taints: [{ key: "dedicated", effect: "NoScheduleEver" }], labels: { "team name": "a" } } } }),
            ).to.deep.equal([
                'karpenter.nodePools.spot.labels["team name"]: is not a Kubernetes label key; write e.g. team or example.com/team',
                'karpenter.nodePools.spot.taints[0].effect: must be one of "NoSchedule", "PreferNoSchedule", "NoExecute", got "NoScheduleEver"',
            ]);
        });

        it("an unknown key in a pool", () => {
            expect(karpenterProblems({ nodePools: { spot: { limit: { cpu: 1 } } } })[0]).to.match(/^karpenter\.nodePools\.spot\.limit: is not a known key/);
        });
    });
});
