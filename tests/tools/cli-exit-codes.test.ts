import { spawn } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR } from "../../engine/engine.js";

/**
 * Both commands run as a user runs them (`npm run plan|policy` is `tsx tools/<command>.ts`),
 * each bad config in its own process: exit code, one message naming the key, no stack trace.
 * Exit codes (README.md#exit-codes): 0 clean, 1 mandatory violation (policy) or a failed run
 * (plan), 2 usage, stack file or config error.
 */
interface Outcome {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function run(command: "plan" | "policy", args: string[]): Promise<Outcome> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_DIR, "tools", `${command}.ts`), ...args], { cwd: PROJECT_DIR });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** Runs the jobs a few at a time: the machine has two cores. */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
    return results;
}

/** Each a few `--set` assignments that make the dev stack's config invalid, and the key the message must name. */
export const BAD_CONFIGS: readonly { readonly name: string; readonly set: string[]; readonly key: string }[] = [
    { name: "a region that does not exist", set: ["aws:region=eu-west-9"], key: "aws:region" },
    { name: "more AZs than the region has", set: ['network={"azCount":4,"privateSubnetPrefix":19}'], key: "network.azCount" },
    { name: "an unquoted version", set: ['cluster={"version":1.36,"endpoint":{"publicAccessCidrs":["203.0.113.0/24"]}}'], key: "cluster.version" },
    { name: "1e12 system nodes", set: ['cluster={"systemNodes":{"maxSize":1e12},"endpoint":{"publicAccessCidrs":["203.0.113.0/24"]}}'], key: "cluster.systemNodes.maxSize" },
    { name: "a public Service CIDR", set: ['cluster={"serviceCidr":"100.64.0.0/16","endpoint":{"publicAccessCidrs":["203.0.113.0/24"]}}'], key: "cluster.serviceCidr" },
    { name: "an instance type that does not exist", set: ['cluster={"systemNodes":{"instanceTypes":["t3.gigantic"]},"endpoint":{"publicAccessCidrs":["203.0.113.0/24"]}}'], key: "cluster.systemNodes.instanceTypes[0]" },
    { name: "a KMS key in another region", set: ['cluster={"secretsKmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/abcd","endpoint":{"publicAccessCidrs":["203.0.113.0/24"]}}'], key: "cluster.secretsKmsKeyArn" },
    { name: "a restricted NodePool label", set: ['karpenter={"nodePools":{"spot":{"labels":{"kubernetes.io/hostname":"x"}}}}'], key: 'karpenter.nodePools.spot.labels["kubernetes.io/hostname"]' },
    { name: "a budget schedule that is not cron", set: ['karpenter={"nodePools":{"spot":{"disruption":{"budgets":[{"nodes":"10%","schedule":"whenever","duration":"8h"}]}}}}'], key: "karpenter.nodePools.spot.disruption.budgets[0].schedule" },
    { name: "an unknown tier", set: ["tier=staging"], key: "tier" },
];

/** Usage mistakes: exit 2 with the message, checked in-process (tests/tools/plan.test.ts, policy-check.test.ts) and here once each. */
const BAD_USAGE: readonly { readonly name: string; readonly args: string[]; readonly says: string }[] = [
    { name: "an unknown stack", args: ["--stack", "staging"], says: 'unknown stack "staging"' },
];

const TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

for (const command of ["policy", "plan"] as const) {
    describe(`npm run ${command}: exit codes and messages (one process per case)`, () => {
        const outcomes = new Map<string, Outcome>();
        before(async function () {
            this.timeout(300_000);
            const cases = [
                ...BAD_CONFIGS.map((c) => ({ name: c.name, args: ["--stack", "dev", ...c.set.flatMap((s) => ["--set", s])] })),
                ...BAD_USAGE,
            ];
            const results = await inBatches(cases, 4, (c) => run(command, c.args));
            cases.forEach((c, i) => outcomes.set(c.name, results[i]!));
        });

        for (const bad of BAD_CONFIGS) {
            it(`exits 2 on ${bad.name}, naming ${bad.key} once, without a stack trace`, () => {
                const out = outcomes.get(bad.name)!;
                expect(out.code, out.stderr).to.equal(2);
                expect(out.stdout).to.equal("");
                expect(out.stderr).to.include(`  - ${bad.key}: `);
                expect(out.stderr.split("has invalid config").length - 1, out.stderr).to.equal(1);
                expect(out.stderr).to.not.match(TRACE);
            });
        }

        for (const usage of BAD_USAGE) {
            it(`exits 2 on ${usage.name}`, () => {
                const out = outcomes.get(usage.name)!;
                expect(out.code, out.stderr).to.equal(2);
                expect(out.stderr).to.include(usage.says);
                expect(out.stderr).to.not.match(TRACE);
            });
        }
    });
}

describe("npm run policy: 0 when clean, 1 on a mandatory violation", () => {
    it("exits 1 when dev opens its endpoint to the world (aws-eks-cluster-restrict-public-endpoint is mandatory in dev)", async function () {
        this.timeout(120_000);
        const out = await run("policy", ["--stack", "dev", "--set", 'cluster={"endpoint":{"publicAccessCidrs":["0.0.0.0/0"]}}']);
        expect(out.code, out.stderr).to.equal(1);
        expect(out.stdout).to.include("aws-eks-cluster-restrict-public-endpoint").and.include("FAILED");
        expect(out.stderr).to.equal("");
    });

    it("exits 0 on the dev stack as committed", async function () {
        this.timeout(120_000);
        const out = await run("policy", ["--stack", "dev"]);
        expect(out.code, out.stdout + out.stderr).to.equal(0);
        expect(out.stdout).to.include("0 mandatory").and.include("passed");
    });
});
