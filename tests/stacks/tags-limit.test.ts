import { expect } from "chai";
import type { StackRun } from "../../engine/engine.js";
import { committedRun } from "../stack-runs.js";
import { MAX_TAGS_PER_RESOURCE, PROGRAM_TAGS_PER_RESOURCE } from "../../stacks/schema/common.js";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

/** Every tag map a resource of the run carries, subnets of the VPC component included. */
function tagMaps(run: StackRun): { where: string; tags: Record<string, string> }[] {
    return run.resources.flatMap((r) => {
        const own = ["tags"].map((k) => r.plainInputs[k]).filter((t): t is Record<string, string> => t !== null && typeof t === "object" && !Array.isArray(t));
        const specs = (r.plainInputs["subnetSpecs"] ?? []) as { tags?: Record<string, string> }[];
        return [...own, ...specs.map((s) => s.tags ?? {})].map((tags) => ({ where: `${r.type} ${r.name}`, tags }));
    });
}

describe("tags: at most 50 on any resource, counting the program's own", () => {
    it("the program adds no more than PROGRAM_TAGS_PER_RESOURCE tags to any resource of either stack", async () => {
        for (const stack of ["dev", "prod"]) {
            const run = await committedRun(stack);
            const configTags = Object.keys(JSON.parse(run.config["eks-platform:tags"] ?? "{}") as object);
            // awsx names each subnet with a Name tag the inputs do not show.
            const added = tagMaps(run).map((m) => ({ where: m.where, n: Object.keys(m.tags).filter((k) => !configTags.includes(k)).length + (m.where.startsWith("awsx:ec2:Vpc") ? 1 : 0) }));
            const most = Math.max(...added.map((a) => a.n));
            expect(most, stack).to.be.at.most(PROGRAM_TAGS_PER_RESOURCE);
            expect(most, stack).to.be.at.least(PROGRAM_TAGS_PER_RESOURCE - 1);
        }
    });

    it("refuses config tags that would take a resource past the limit, naming the room left", () => {
        const room = MAX_TAGS_PER_RESOURCE - PROGRAM_TAGS_PER_RESOURCE;
        const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
        expect(Object.keys(parse({ ...minimal("dev"), tags: many(room) }).tags)).to.have.length(room);
        expect(problemsOf({ ...minimal("dev"), tags: many(room + 1) })).to.deep.equal([
            `tags: lists ${room + 1} tags; AWS allows 50 per resource and the program adds up to 8 of its own, so keep at most ${room}`,
        ]);
    });
});
