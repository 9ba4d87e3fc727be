import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { PROJECT_DIR } from "../../engine/engine.js";

interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, string>;
    readonly env?: Record<string, string>;
    readonly if?: string;
}
interface Job {
    readonly uses?: string;
    readonly needs?: string | string[];
    readonly if?: string;
    readonly steps?: Step[];
    readonly permissions?: Record<string, string>;
    readonly environment?: string;
    readonly strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
    readonly name: string;
    readonly on: Record<string, any>;
    readonly jobs: Record<string, Job>;
}

const DIR = path.join(PROJECT_DIR, ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const workflows: Record<string, Workflow> = Object.fromEntries(files.map((f) => [f, parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Workflow]));
const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const runs = (w: Workflow): string => steps(w).map((s) => s.run ?? "").join("\n");

describe("GitHub workflows", () => {
    it("parse as YAML, each with a name, triggers and jobs", () => {
        expect(files).to.include.members(["checks.yml", "pull-request.yml", "main.yml", "release.yml", "policy-publish.yml"]);
        for (const [file, w] of Object.entries(workflows)) {
            expect(w.name, file).to.be.a("string");
            expect(Object.keys(w.on ?? {}), file).to.not.be.empty;
            expect(Object.keys(w.jobs ?? {}), file).to.not.be.empty;
        }
    });

    it("call only npm scripts that package.json defines", () => {
        for (const [file, w] of Object.entries(workflows)) {
            for (const match of runs(w).matchAll(/npm run ([\w:-]+)/g)) {
                expect(scripts, `${file} runs npm run ${match[1]}`).to.have.property(match[1]!);
            }
        }
    });

    it("reuse only workflows that exist", () => {
        for (const w of Object.values(workflows)) {
            for (const job of Object.values(w.jobs)) {
                if (job.uses?.startsWith("./")) expect(fs.existsSync(path.join(PROJECT_DIR, job.uses)), job.uses).to.equal(true);
            }
        }
    });

    it("run the offline checks: npm ci, type-check, tests, policy for each stack, the plan", () => {
        const checks = runs(workflows["checks.yml"]!);
        expect(workflows["checks.yml"]!.on).to.have.property("workflow_call");
        // npm test type-checks; a separate type-check step would do it twice in one run.
        expect(scripts["test"]).to.match(/^npm run typecheck && /);
        expect(checks).to.not.include("npm run typecheck");
        for (const command of [
            "npm ci",
            "npm test",
            "npm run policy -- --stack dev",
            "npm run policy -- --stack prod",
            "npm run plan -- --stack dev --format markdown",
            "npm run plan -- --stack prod --format markdown",
        ]) {
            expect(checks).to.include(command);
        }
        expect(checks.indexOf("npm ci")).to.be.lessThan(checks.indexOf("npm test"));
    });

    it("check pull requests and pushes to main the same way", () => {
        const pr = workflows["pull-request.yml"]!;
        const main = workflows["main.yml"]!;
        expect(pr.on).to.have.property("pull_request");
        expect(main.on.push.branches).to.deep.equal(["main"]);
        expect(pr.jobs["checks"]?.uses).to.equal("./.github/workflows/checks.yml");
        expect(main.jobs["checks"]?.uses).to.equal("./.github/workflows/checks.yml");
    });

    it("post the offline Markdown plan as a pull-request comment without cloud credentials", () => {
        const job = workflows["pull-request.yml"]!.jobs["plan-comment"]!;
        expect(job.permissions).to.deep.include({ "pull-requests": "write" });
        const text = (job.steps ?? []).map((s) => s.run ?? "").join("\n");
        expect(text).to.include("npm run plan -- --stack dev --format markdown");
        // Found by its marker (tools/ci/plan-comment.ts, tested against a fake API), never --edit-last.
        expect(text).to.include('node tools/ci/plan-comment.ts "$PR" plan/comment.md');
        expect(text).to.include('echo "<!-- eks-platform offline plan -->"');
        expect(text).to.not.include("--edit-last");
        expect(JSON.stringify(job)).to.not.match(/AWS_|PULUMI_ACCESS_TOKEN/);
    });

    it("preview each stack for real with both policy packs and its policy config, only where credentials are set", () => {
        const job = workflows["pull-request.yml"]!.jobs["preview"]!;
        expect(job.if).to.include("vars.AWS_PREVIEW_ROLE_ARN != ''");
        expect(job.strategy?.matrix?.["stack"]).to.deep.equal(["dev", "prod"]);
        expect(job.permissions).to.deep.include({ "id-token": "write" });
        const pulumi = (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        expect(pulumi.with).to.deep.include({ command: "preview", "comment-on-pr": true });
        expect(pulumi.with?.["policyPacks"]?.trim().split("\n")).to.deep.equal(["policies/aws", "policies/kubernetes"]);
        expect(pulumi.with?.["policyPackConfigs"]?.trim().split("\n")).to.deep.equal(["policy/${{ matrix.stack }}.json", "policy/${{ matrix.stack }}.json"]);
        expect(runs(workflows["pull-request.yml"]!)).to.include("npm run policy-config -- --stack ${{ matrix.stack }} --out policy/${{ matrix.stack }}.json");
        for (const dir of ["policies/aws", "policies/kubernetes"]) expect(fs.existsSync(path.join(PROJECT_DIR, dir, "PulumiPolicy.yaml")), dir).to.equal(true);
        // A missing PULUMI_ORG stops the job before a stack named "/dev" is previewed.
        const steps = job.steps ?? [];
        const guard = steps.findIndex((s) => s.name === "Require PULUMI_ORG");
        expect(guard).to.be.at.least(0);
        expect(guard).to.be.below(steps.indexOf(pulumi));
        expect(steps[guard]!.run).to.include('if [ -z "$PULUMI_ORG" ]');
    });

    it("deploy prod only from a release tag or by hand, behind the production environment's approval", () => {
        const release = workflows["release.yml"]!;
        expect(release.on.push.tags).to.deep.equal(["v*"]);
        expect(release.on).to.have.property("workflow_dispatch");
        const deploy = release.jobs["deploy-prod"]!;
        expect(deploy.environment).to.equal("production");
        expect(deploy.needs).to.equal("checks");
        const step = (deploy.steps ?? []).find((s) => s.run?.includes("deploy-release.ts"))!;
        // The request body is pinned in tests/tools/ci-scripts.test.ts against a fake API.
        expect(step.run).to.equal("node tools/ci/deploy-release.ts");
        expect(step.env).to.deep.equal({
            PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
            PULUMI_ORG: "${{ vars.PULUMI_ORG }}",
            GITHUB_SHA: "${{ github.sha }}",
        });
    });

    it("publish both policy packs, bundled, at their package.json versions, by hand or when a version changes on main", () => {
        const publish = workflows["policy-publish.yml"]!;
        expect(publish.on).to.have.property("workflow_dispatch");
        expect(publish.on.push.paths).to.deep.equal(["policies/aws/package.json", "policies/kubernetes/package.json"]);
        const job = publish.jobs["publish"]!;
        expect(job.strategy?.matrix?.["pack"]).to.deep.equal(["aws", "kubernetes"]);
        const text = (job.steps ?? []).map((s) => s.run ?? "").join("\n");
        expect(text).to.include("npm run policy-bundle -- --pack ${{ matrix.pack }} --out publish/${{ matrix.pack }}");
        expect(text).to.include('pulumi policy publish "$PULUMI_ORG"');
        expect((job.steps ?? []).findIndex((s) => s.name === "Require PULUMI_ORG")).to.equal(0);
    });

    it("pin every third-party action to a full commit SHA, its release tag in a comment", () => {
        for (const file of files) {
            const text = fs.readFileSync(path.join(DIR, file), "utf8");
            for (const match of text.matchAll(/uses:\s*([^\s#]+)(.*)$/gm)) {
                const [ref, comment] = [match[1]!, match[2]!];
                if (ref.startsWith("./")) continue;
                expect(ref, `${file}: ${ref}`).to.match(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
                expect(comment, `${file}: ${ref}`).to.match(/^ # v\d+\.\d+\.\d+$/);
            }
        }
        // The SHAs of the tags read from each action's repository.
        const pins = Object.fromEntries(
            files.flatMap((f) => [...fs.readFileSync(path.join(DIR, f), "utf8").matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)/g)].map((m) => [m[1], `${m[2]} ${m[3]}`])),
        );
        expect(pins).to.deep.equal({
            "actions/checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1 v7.0.1",
            "actions/setup-node": "820762786026740c76f36085b0efc47a31fe5020 v7.0.0",
            "actions/upload-artifact": "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f v7.0.0",
            "aws-actions/configure-aws-credentials": "e6de054238d6b7531b4efff3b6587d9aade6a06c v6.2.3",
            "pulumi/actions": "8e5e406f4007fca908480587cb9893c07090f58d v7.0.0",
        });
    });
});
