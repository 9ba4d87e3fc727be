/**
 * What the publish workflow uploads: each pack bundled into a directory of its own, which the
 * CLI `npm pack`s. Served from that directory alone (its dependencies installed beside it), it
 * must still be the whole pack.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR } from "../../engine/engine.js";
import { AWS_PACK } from "../../policies/aws/rules/index.js";
import { KUBERNETES_PACK } from "../../policies/kubernetes/rules/index.js";
import { bundlePolicyPack, PUBLISHED_PACKS, type PackDir } from "../../tools/policy-bundle.js";
import { POLICY_PACKS } from "../../stacks/deployments/index.js";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as any;
const services = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js") as any;
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js") as any;

async function analyzerInfo(dir: string): Promise<{ name: string; policies: string[] }> {
    const runner = path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", dir], { cwd: dir });
    try {
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += String(d)));
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout.once("data", (d) => resolve(String(d).trim()));
            child.once("exit", (code) => reject(new Error(`the bundled pack exited with ${code}: ${stderr}`)));
        });
        const client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const info = await new Promise<any>((resolve, reject) => client.getAnalyzerInfo(new Empty(), (err: Error | null, r: unknown) => (err ? reject(err) : resolve(r))));
        return { name: info.getName(), policies: info.getPoliciesList().map((p: any) => p.getName()) };
    } finally {
        child.kill();
    }
}

describe("policy packs bundled for pulumi policy publish", function () {
    this.timeout(60_000);
    const rules: Record<PackDir, readonly { name: string }[]> = { aws: AWS_PACK.rules, kubernetes: KUBERNETES_PACK.rules };

    it("publishes the packs under the names the policy groups of stacks/deployments reference", () => {
        expect(Object.entries(PUBLISHED_PACKS).map(([dir, name]) => ({ name, dir: `policies/${dir}` }))).to.deep.equal(POLICY_PACKS.map((p) => ({ ...p })));
    });

    for (const pack of ["aws", "kubernetes"] as const) {
        it(`${PUBLISHED_PACKS[pack]}: one self-contained directory, at the version the policy groups pin, serving every rule`, async () => {
            const out = fs.mkdtempSync(path.join(os.tmpdir(), `eks-platform-pack-${pack}-`));
            const bundled = await bundlePolicyPack(pack, out);
            const source = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", pack, "package.json"), "utf8"));
            expect(bundled).to.deep.include({ name: PUBLISHED_PACKS[pack], version: source.version });
            expect(fs.readdirSync(out).sort()).to.deep.equal(["PulumiPolicy.yaml", "index.js", "package.json"]);
            const manifest = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
            expect(manifest).to.deep.include({ version: source.version, main: "index.js" });
            const { tsx: _tsx, ...runtime } = source.dependencies;
            expect(manifest.dependencies).to.deep.equal(runtime);
            expect(manifest.dependencies).to.include.keys("@pulumi/policy", "@pulumi/pulumi");
            // Nothing outside the directory is required: only the installed dependencies and Node's own modules.
            const required = [...fs.readFileSync(path.join(out, "index.js"), "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
            expect(required.filter((r) => r.startsWith(".") || r.startsWith("/"))).to.deep.equal([]);
            for (const r of required.filter((r) => !r.startsWith("node:"))) expect(Object.keys(runtime).some((d) => r === d || r.startsWith(`${d}/`)), r).to.equal(true);

            fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(out, "node_modules"));
            const info = await analyzerInfo(out);
            expect(info.name).to.equal(PUBLISHED_PACKS[pack]);
            expect(info.policies.sort()).to.deep.equal(rules[pack].map((r) => r.name).sort());
        });
    }
});
