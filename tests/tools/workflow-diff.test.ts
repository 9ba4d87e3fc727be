import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { PROJECT_DIR } from "../../engine/engine.js";

describe("the pull-request comment shows the change diff of each stack above the plan", () => {
    const workflow = parse(fs.readFileSync(path.join(PROJECT_DIR, ".github", "workflows", "pull-request.yml"), "utf8"));
    const steps: { name?: string; run?: string; env?: Record<string, string> }[] = workflow.jobs["plan-comment"].steps;
    const diffStep = steps.find((s) => s.run?.includes("--diff"))!;

    it("fetches the base branch and diffs both stacks against it", () => {
        expect(diffStep.env).to.deep.equal({ BASE_REF: "${{ github.event.pull_request.base.ref }}" });
        expect(diffStep.run!.split("\n").filter(Boolean)).to.deep.equal([
            'git fetch --no-tags --depth=1 origin "$BASE_REF"',
            'npm run plan -- --stack dev --diff "origin/$BASE_REF" --format markdown --out plan/dev-diff.md',
            'npm run plan -- --stack prod --diff "origin/$BASE_REF" --format markdown --out plan/prod-diff.md',
        ]);
    });

    it("puts the diffs before the plans in the comment", () => {
        const comment = steps.find((s) => s.run?.includes("plan/comment.md"))!.run!;
        const order = ["plan/dev-diff.md", "plan/prod-diff.md", "cat plan/dev.md", "cat plan/prod.md"].map((f) => comment.indexOf(f));
        expect(order.every((i) => i >= 0)).to.equal(true);
        expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
        expect(steps.indexOf(diffStep)).to.be.below(steps.findIndex((s) => s.run?.includes("plan/comment.md")));
    });
});
