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
        expect(files).to.include.members(["checks.yml", "pull-request.yml", "main.yml", "release.yml"]);
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
        for (const command of [
            "npm ci",
            "npm run typecheck",
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
        expect(text).to.include("gh pr comment");
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
        expect(pulumi.with?.["policyPackConfigs"]?.trim().split("\n")).to.deep.equal([
            "policies/config/${{ matrix.stack }}.json",
            "policies/config/${{ matrix.stack }}.json",
        ]);
        for (const dir of ["policies/aws", "policies/kubernetes"]) expect(fs.existsSync(path.join(PROJECT_DIR, dir, "PulumiPolicy.yaml")), dir).to.equal(true);
        for (const stack of ["dev", "prod"]) expect(fs.existsSync(path.join(PROJECT_DIR, "policies", "config", `${stack}.json`)), stack).to.equal(true);
    });

    it("deploy prod only from a release tag or by hand, behind the production environment's approval", () => {
        const release = workflows["release.yml"]!;
        expect(release.on.push.tags).to.deep.equal(["v*"]);
        expect(release.on).to.have.property("workflow_dispatch");
        const deploy = release.jobs["deploy-prod"]!;
        expect(deploy.environment).to.equal("production");
        expect(deploy.needs).to.equal("checks");
        const text = (deploy.steps ?? []).map((s) => s.run ?? "").join("\n");
        expect(text).to.include("https://api.pulumi.com/api/stacks/$ORG/eks-platform/prod/deployments");
        expect(text).to.include('operation: "update"');
    });
});
