import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR } from "../../engine/engine.js";
import { planCommand } from "../../tools/plan/cli.js";
import { runPolicyConfigCli } from "../../tools/policy-config.js";

/**
 * A project with one new stack, `staging`, and nothing hand-made for it but its stack file:
 * the program, Pulumi.yaml and the tier policy files are this repository's own (linked).
 */
function projectWithStaging(override?: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-platform-staging-"));
    for (const file of ["Pulumi.yaml", "index.ts"]) fs.symlinkSync(path.join(PROJECT_DIR, file), path.join(dir, file));
    fs.mkdirSync(path.join(dir, "policies", "config", "stacks"), { recursive: true });
    for (const tier of ["dev", "prod"]) fs.symlinkSync(path.join(PROJECT_DIR, "policies", "config", `${tier}.json`), path.join(dir, "policies", "config", `${tier}.json`));
    if (override) fs.writeFileSync(path.join(dir, "policies", "config", "stacks", "staging.json"), JSON.stringify(override));
    fs.writeFileSync(
        path.join(dir, "Pulumi.staging.yaml"),
        [
            "config:",
            "  aws:region: eu-west-1",
            "  eks-platform:tier: prod",
            "  eks-platform:tags: { Owner: platform-team, CostCenter: platform }",
            "  eks-platform:network: { cidr: 10.20.0.0/16 }",
            "",
        ].join("\n"),
    );
    return dir;
}

async function plan(dir: string) {
    let stdout = "";
    let stderr = "";
    const code = await planCommand(["--stack", "staging"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, { projectDir: dir });
    return { code, stdout, stderr };
}

describe("a new stack (staging) with nothing but its Pulumi.staging.yaml", () => {
    it("takes its policy config from its tier, with its Deployments role as the admin allowlist", () => {
        const dir = projectWithStaging();
        const result = runPolicyConfigCli(["--stack", "staging"], dir);
        expect(result.exitCode, result.stderr).to.equal(0);
        const config = JSON.parse(result.stdout) as Record<string, any>;
        expect(config["all"]).to.equal("mandatory");
        expect(config["aws-eks-cluster-admin-allowlist"]).to.deep.equal({ clusterAdminPrincipals: ["role/eks-platform-deploy/eks-platform-deploy-staging"] });
    });

    it("plans with the policy check run: exit 0, no mandatory violation", async () => {
        const { code, stdout, stderr } = await plan(projectWithStaging());
        expect(code, stderr).to.equal(0);
        expect(stdout).to.match(/Policy: \d+ rules over \d+ resources: 0 mandatory/);
    });

    it("is an error (exit 2), not a plan without policy, when its policy config cannot be evaluated", async () => {
        const { code, stderr } = await plan(projectWithStaging({ "aws-eks-no-such-rule": "mandatory" }));
        expect(code).to.equal(2);
        expect(stderr).to.contain('policy check of stack "staging" could not run');
        expect(stderr).to.contain('"aws-eks-no-such-rule" is not a rule');
    });

    it("refuses a stack override that lists admins itself: cluster.admins is the only place", () => {
        const result = runPolicyConfigCli(["--stack", "staging"], projectWithStaging({ "aws-eks-cluster-admin-allowlist": { clusterAdminPrincipals: ["role/x"] } }));
        expect(result.exitCode).to.equal(2);
        expect(result.stderr).to.contain("clusterAdminPrincipals comes from cluster.admins in Pulumi.staging.yaml; remove it here");
    });
});
