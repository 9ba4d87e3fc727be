import { expect } from "chai";
import { kubernetesDisruptionPdbAllowsDisruption as rule } from "../../../policies/kubernetes/rules/disruption/pdb-allows-disruption.js";
import { fixture, mutate, stackFindings, urnOf } from "../helpers.js";

const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const labels = { app: "echo" };
const pdb = { metadata: { name: "echo", namespace: "ingress-check" }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } };
const deployment = {
    metadata: { name: "echo", namespace: "ingress-check" },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
};
const run = (budget: Record<string, unknown>, workload: Record<string, unknown> = deployment) => stackFindings(rule, [fixture(PDB, budget, { name: "echo-pdb" }), fixture(DEPLOYMENT, workload, { name: "echo" })]);
const message = (why: string) =>
    `PodDisruptionBudget echo allows no voluntary disruption (${why}), so no node running its pods can be drained: allow at least one (maxUnavailable: 1, or minAvailable below the replicas).`;

describe("kubernetes-disruption-pdb-allows-disruption", () => {
    it("passes a budget that lets one pod go at a time", async () => {
        expect(await run(pdb)).to.deep.equal([]);
        expect(await run(mutate(mutate(pdb, "spec.maxUnavailable", undefined), "spec.minAvailable", 1))).to.deep.equal([]);
    });

    it("refuses maxUnavailable 0", async () => {
        const found = await run(mutate(pdb, "spec.maxUnavailable", 0));
        expect(found.map((f) => [f.urn, f.message])).to.deep.equal([[urnOf(PDB, "echo-pdb"), message("maxUnavailable is 0")]]);
    });

    it("refuses maxUnavailable 0%", async () => {
        expect((await run(mutate(pdb, "spec.maxUnavailable", "0%"))).map((f) => f.message)).to.deep.equal([message("maxUnavailable is 0%")]);
    });

    it("refuses minAvailable 100%", async () => {
        expect((await run(mutate(mutate(pdb, "spec.maxUnavailable", undefined), "spec.minAvailable", "100%"))).map((f) => f.message)).to.deep.equal([
            message("minAvailable is 100%"),
        ]);
    });

    it("refuses minAvailable equal to the replicas of the workload it selects", async () => {
        const budget = mutate(mutate(pdb, "spec.maxUnavailable", undefined), "spec.minAvailable", 2);
        expect((await run(budget)).map((f) => f.message)).to.deep.equal([message("minAvailable 2 is not below the 2 replica(s) of echo")]);
        expect(await run(budget, mutate(deployment, "spec.replicas", 3))).to.deep.equal([]);
        // A workload in another namespace is not the one it protects.
        expect(await run(budget, mutate(deployment, "metadata.namespace", "other"))).to.deep.equal([]);
    });
});
