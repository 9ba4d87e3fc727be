/**
 * The README's first deploy, driven as far as it runs offline: its `npm run` commands for dev
 * and prod, as an operator's Identity Center role and as the stack's Pulumi Deployments role
 * (the two callers `cluster.admins` names in the committed stack files). What needs an
 * account (`pulumi stack init`, `pulumi up`) is checked for what it will be given.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { OFFLINE_CALLER_ENV, PROJECT_DIR } from "../../engine/engine.js";
import { planCommand } from "../../tools/plan/cli.js";
import { runPolicyCli } from "../../tools/policy.js";
import { runPolicyConfigCli } from "../../tools/policy-config.js";

const README = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
const SSO_ROLE = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";
const deploymentsRole = (stack: string) => `arn:aws:iam::123456789012:role/eks-platform-deploy/eks-platform-deploy-${stack}`;

/** Every command line of the "First deploy" section's code blocks (indented ones included). */
function firstDeployCommands(): string[] {
    const start = README.indexOf("### First deploy");
    const section = README.slice(start, README.indexOf("\n### ", start + 1));
    return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
        m[1]!
            .split("\n")
            .map((line) => line.replace(/#.*$/, "").trim())
            .filter((line) => line.length > 0),
    );
}

async function asCaller<T>(role: string, run: () => Promise<T>): Promise<T> {
    const before = process.env[OFFLINE_CALLER_ENV];
    process.env[OFFLINE_CALLER_ENV] = role;
    try {
        return await run();
    } finally {
        if (before === undefined) delete process.env[OFFLINE_CALLER_ENV];
        else process.env[OFFLINE_CALLER_ENV] = before;
    }
}

async function plan(stack: string) {
    let stdout = "";
    let stderr = "";
    const code = await planCommand(["--stack", stack], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

function secureValues(value: unknown, at = ""): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => secureValues(v, `${at}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) => (k === "secure" ? [at] : secureValues(v, at ? `${at}.${k}` : k)));
}

describe("the README's first deploy, offline", function () {
    this.timeout(120_000);
    const commands = firstDeployCommands();
    const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

    it("starts from a clone whose stack files commit no ciphertext", () => {
        for (const file of fs.readdirSync(PROJECT_DIR).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
            expect(secureValues(parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8"))), file).to.deep.equal([]);
        }
    });

    it("lists the commands it runs, each npm script of which exists", () => {
        expect(commands[0]).to.equal("npm ci");
        for (const command of [
            "npm run plan -- --stack dev",
            "npm run policy -- --stack dev",
            "npm run policy-config -- --stack dev --out policy/dev.json",
            "kubectl get nodes",
        ]) {
            expect(commands).to.include(command);
        }
        for (const command of commands.filter((c) => c.startsWith("npm run "))) expect(scripts, command).to.have.property(command.split(" ")[2]!);
        const preview = commands.find((c) => c.startsWith("pulumi preview --stack dev"))!;
        expect(preview).to.include("--policy-pack policies/aws --policy-pack-config policy/dev.json --policy-pack policies/kubernetes --policy-pack-config policy/dev.json");
    });

    it("plans dev as the operators' Identity Center role: exit 0, no mandatory violation, and every secret to set is set by a README command", async () => {
        const result = await asCaller(SSO_ROLE, () => plan("dev"));
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/Policy: \d+ rules over \d+ resources: 0 mandatory/);
        const toSet = [...result.stdout.matchAll(/^ {4}(pulumi config set --secret .*)$/gm)].map((m) => m[1]!);
        expect(toSet).to.have.length(1);
        const readme = commands.map((c) => c.replace("<the external ID the vendor gave you>", "<id>"));
        for (const command of toSet) expect(readme, command).to.include(command.replace("<the external ID the vendor gave you>", "<id>"));
    });

    it("plans prod as its Pulumi Deployments role: exit 0, no mandatory violation, nothing to set", async () => {
        const result = await asCaller(deploymentsRole("prod"), () => plan("prod"));
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/Policy: \d+ rules over \d+ resources: 0 mandatory/);
        expect(result.stdout).to.not.include("Set before deploying");
    });

    for (const [stack, caller, role] of [
        ["dev", "the Deployments role", deploymentsRole("dev")],
        ["prod", "the Identity Center role", SSO_ROLE],
    ] as const) {
        it(`passes the policy check of ${stack} as ${caller}: exit 0`, async () => {
            const result = await asCaller(role, () => runPolicyCli(["--stack", stack]));
            expect(result.exitCode, result.stdout + result.stderr).to.equal(0);
            expect(result.stdout).to.match(/\n0 mandatory, \d+ advisory violation/);
        });
    }

    it("writes the policy config the README's pulumi preview takes, for dev and prod", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "first-deploy-"));
        for (const stack of ["dev", "prod"]) {
            const out = path.join(dir, "policy", `${stack}.json`);
            const result = runPolicyConfigCli(["--stack", stack, "--out", out]);
            expect(result.exitCode, result.stderr).to.equal(0);
            const config = JSON.parse(fs.readFileSync(out, "utf8"));
            expect(config["aws-eks-cluster-admin-allowlist"].clusterAdminPrincipals).to.include(`role/eks-platform-deploy/eks-platform-deploy-${stack}`);
        }
    });
});
