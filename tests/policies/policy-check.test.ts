import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { runStack, type StackRun, PROJECT_DIR } from "../../engine/engine.js";
import { committedRun } from "../stack-runs.js";
import { checkStackPolicies, toAnalyzedResources, type PolicyReport } from "../../tools/policy-check.js";
import { runPolicyCli } from "../../tools/policy.js";
import { AWS_PACK } from "../../policies/aws/rules/index.js";
import { KUBERNETES_PACK } from "../../policies/kubernetes/rules/index.js";

/** Every rule of both packs (tests/policies/packs.test.ts proves each rule file is registered). */
const RULE_COUNT = AWS_PACK.rules.length + KUBERNETES_PACK.rules.length;
import { DOCUMENT_TYPES, iamDocumentsOf, parsePolicyDocument } from "../../policies/lib/iam.js";

/** What aws-iam-documents-match-dataset reads in dev and prod together: update when roles or policies change. */
const IAM_DATASET_COVERAGE = { documents: 59, distinctActions: 145, distinctConditionKeys: 35 };

/**
 * Advisory violations each stack accepts; README.md#policies says why. A new advisory finding
 * fails this test until it is fixed or documented there.
 */
/** Rules a stack's policy config disables: the WAF rule in dev, where WAF is off by default. */
const DISABLED_RULES: Record<string, string[]> = { dev: ["aws-wafv2-web-acl-attached"], prod: [] };

const ACCEPTED_ADVISORIES: Record<string, string[]> = {
    dev: ["aws-eks-cluster-enable-deletion-protection eks:index:Cluster cluster-eks"],
    prod: [],
};

/** Prod with deletion protection off and month-long log retention: what the check must refuse. */
const BROKEN_PROD = {
    network: { cidr: "10.10.0.0/16", flowLogs: { retentionDays: 30 } },
    cluster: { deletionProtection: false, logRetentionDays: 30 },
};

const summary = (report: PolicyReport, level: string) =>
    report.violations.filter((v) => v.enforcementLevel === level).map((v) => `${v.policy} ${v.resourceType} ${v.resourceName}`);

describe("Offline policy check (npm run policy)", () => {
    const runs: Record<string, StackRun> = {};
    const reports: Record<string, PolicyReport> = {};
    let broken: PolicyReport;
    before(async () => {
        for (const stack of ["dev", "prod"]) {
            runs[stack] = await committedRun(stack);
            reports[stack] = await checkStackPolicies(runs[stack]!);
        }
        broken = await checkStackPolicies(await runStack({ stack: "prod", configOverrides: BROKEN_PROD }));
    });

    for (const stack of ["dev", "prod"]) {
        it(`passes ${stack} with no mandatory violations and only the accepted advisories`, () => {
            expect(summary(reports[stack]!, "mandatory")).to.deep.equal([]);
            expect(summary(reports[stack]!, "advisory")).to.deep.equal(ACCEPTED_ADVISORIES[stack]);
            expect(reports[stack]!.mandatory).to.equal(0);
        });

        it(`checks every resource of ${stack} but the root stack against every rule its config enables`, () => {
            expect(reports[stack]!.rules).to.equal(RULE_COUNT - DISABLED_RULES[stack]!.length);
            expect(reports[stack]!.resourcesChecked).to.equal(runs[stack]!.resources.length - 1);
        });
    }

    it("checks every IAM document of both stacks against the IAM dataset", () => {
        let documents = 0;
        const actions = new Set<string>();
        const keys = new Set<string>();
        for (const run of Object.values(runs)) {
            for (const r of run.resources.filter((x) => (DOCUMENT_TYPES as readonly string[]).includes(x.type))) {
                for (const [, document] of iamDocumentsOf(r.type, r.plainInputs)) {
                    documents++;
                    for (const s of parsePolicyDocument(document)) {
                        [...s.actions, ...s.notActions].forEach((a) => actions.add(a));
                        Object.values(s.condition ?? {}).forEach((block) => Object.keys(block).forEach((k) => keys.add(k.toLowerCase())));
                    }
                }
            }
        }
        expect({ documents, distinctActions: actions.size, distinctConditionKeys: keys.size }).to.deep.equal(IAM_DATASET_COVERAGE);
    });

    it("hands rules what the engine would: inputs, parent, property dependencies and the explicit provider", () => {
        const resources = toAnalyzedResources(runs["prod"]!);
        const flowLog = resources.find((r) => r.type === "aws:ec2/flowLog:FlowLog")!;
        const vpc = resources.find((r) => r.type === "awsx:ec2:Vpc")!;
        expect(flowLog.propertyDependencies["vpcId"]).to.deep.equal([vpc.urn]);
        expect(flowLog.parent).to.equal(resources.find((r) => r.type === "platform:network:Network")!.urn);
        expect(flowLog.props).to.include({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
        const k8s = resources.filter((r) => r.type.startsWith("kubernetes:"));
        expect(k8s).to.not.be.empty;
        for (const r of k8s) expect(r.provider?.type, r.name).to.equal("pulumi:providers:kubernetes");
    });

    it("reports the mandatory violations of a deliberately broken prod config", () => {
        expect(summary(broken, "mandatory").sort()).to.deep.equal([
            "aws-cloudwatch-log-group-retention aws:cloudwatch/logGroup:LogGroup cluster-control-plane-logs",
            "aws-cloudwatch-log-group-retention aws:cloudwatch/logGroup:LogGroup network-flow-logs",
            "aws-eks-cluster-enable-deletion-protection eks:index:Cluster cluster-eks",
        ]);
        expect(broken.violations.find((v) => v.resourceName === "network-flow-logs")!.message).to.equal(
            "Logs are kept 30 days, less than the 365 this stack requires: set retentionInDays to 365 or more.",
        );
    });

    it("reports a program change that turns control-plane logs off and makes a repository mutable", async () => {
        // Neither is configurable, so break the recorded program itself, as a bad change would.
        const prod = runs["prod"]!;
        const repo = runs["dev"]!.resources.find((r) => r.type === "aws:ecr/repository:Repository")!;
        const lifecycle = runs["dev"]!.resources.filter(
            (r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy" && r.dependencies.includes(repo.urn),
        );
        expect(lifecycle).to.have.length(1);
        const changed: StackRun = {
            ...prod,
            resources: [
                ...prod.resources.map((r) =>
                    r.type === "eks:index:Cluster" ? { ...r, plainInputs: { ...r.plainInputs, enabledClusterLogTypes: ["api", "audit"] } } : r,
                ),
                { ...repo, plainInputs: { ...repo.plainInputs, imageTagMutability: "MUTABLE" } },
                ...lifecycle,
            ],
        };
        const report = await checkStackPolicies(changed);
        expect(summary(report, "mandatory")).to.have.members([
            "aws-eks-cluster-enable-control-plane-logs eks:index:Cluster cluster-eks",
            `aws-ecr-repository-immutable-tags aws:ecr/repository:Repository ${repo.name}`,
        ]);
        expect(report.mandatory).to.equal(2);
    });

    it("exits non-zero on the broken config and prints the mandatory violations by severity", function () {
        this.timeout(60_000);
        const args = ["tsx", "tools/policy.ts", "--stack", "prod"];
        for (const [key, value] of Object.entries(BROKEN_PROD)) args.push("--set", `${key}=${JSON.stringify(value)}`);
        const result = spawnSync("npx", args, { cwd: PROJECT_DIR, encoding: "utf8" });
        expect(result.status, result.stderr).to.equal(1);
        expect(result.stdout).to.match(new RegExp(`^Policy check of stack prod \\(offline\\): ${RULE_COUNT} rules, \\d+ resources$`, "m"));
        expect(result.stdout).to.contain("HIGH (1)\n  [mandatory] aws-eks-cluster-enable-deletion-protection (eks-platform-aws)\n    eks:index:Cluster cluster-eks\n");
        expect(result.stdout).to.contain("MEDIUM (2)\n  [mandatory] aws-cloudwatch-log-group-retention (eks-platform-aws)");
        expect(result.stdout).to.match(/^3 mandatory, 0 advisory violation\(s\) in \d+\.\ds: FAILED$/m);
    });

    it("exits 2 with a clear message, never a stack trace, on bad usage or bad stack config", async () => {
        const missing = await runPolicyCli([]);
        expect(missing).to.deep.equal({ exitCode: 2, stdout: "", stderr: "missing --stack\nusage: npm run policy -- --stack <dev|prod> [--set <config key>=<value>]...\n" });
        const unknown = await runPolicyCli(["--stack", "staging"]);
        expect(unknown.exitCode).to.equal(2);
        expect(unknown.stderr).to.equal('unknown stack "staging": there is no Pulumi.staging.yaml (stacks: dev, prod)\n');
        const invalid = await runPolicyCli(["--stack", "prod", "--set", "network={\"azCount\":1}"]);
        expect(invalid.exitCode).to.equal(2);
        expect(invalid.stderr).to.contain("network.azCount: must be at least 2: EKS needs subnets in two AZs");
        expect(invalid.stderr).to.not.match(/\n\s+at /);
        expect((await runPolicyCli(["--stack", "prod", "--set", "cluster"])).stderr).to.equal(
            "--set cluster: write it as <config key>=<value>\nusage: npm run policy -- --stack <dev|prod> [--set <config key>=<value>]...\n",
        );
    });
});
