/**
 * Each pack started the way `pulumi preview --policy-pack` starts it: @pulumi/pulumi's
 * run-policy-pack loads the package's main (pack.cjs) in the pack's directory, the pack serves
 * the analyzer gRPC API, and the engine's calls get answers. No Pulumi CLI is needed for that.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { expect } from "chai";
import { AWS_PACK } from "../../policies/aws/rules/index.js";
import { KUBERNETES_PACK } from "../../policies/kubernetes/rules/index.js";
import { PROJECT_DIR } from "../../engine/engine.js";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js") as any;
const services = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js") as any;
const messages = require("@pulumi/pulumi/proto/analyzer_pb.js") as any;
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js") as any;
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js") as any;

/** The analyzer proto's EnforcementLevel enum. */
const MANDATORY = 1;

interface Served {
    readonly child: ChildProcess;
    readonly client: any;
}

async function serve(dir: string): Promise<Served> {
    const packDir = path.join(PROJECT_DIR, "policies", dir);
    const runner = path.join(PROJECT_DIR, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", packDir], { cwd: packDir });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const port = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (d) => resolve(String(d).trim()));
        child.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
    });
    return { child, client: new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) };
}

const call = (client: any, method: string, request: unknown): Promise<any> =>
    new Promise((resolve, reject) => client[method](request, (err: Error | null, response: unknown) => (err ? reject(err) : resolve(response))));

async function analyze(client: any, type: string, props: Record<string, unknown>): Promise<[string, number, string][]> {
    const request = new messages.AnalyzeRequest();
    request.setType(type);
    request.setName("subject");
    request.setUrn(`urn:pulumi:dev::eks-platform::${type}::subject`);
    request.setProperties(Struct.fromJavaScript(props));
    const options = new messages.AnalyzerResourceOptions();
    options.setProtect(false);
    request.setOptions(options);
    const response = await call(client, "analyze", request);
    return response.getDiagnosticsList().map((d: any) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]);
}

describe("Policy packs served as pulumi preview --policy-pack runs them", function () {
    this.timeout(60_000);
    const served: Served[] = [];
    after(() => served.forEach((s) => s.child.kill()));

    it("eks-platform-aws lists every rule of its pack and judges a mutable ECR repository", async () => {
        const aws = await serve("aws");
        served.push(aws);
        const info = await call(aws.client, "getAnalyzerInfo", new Empty());
        expect(info.getName()).to.equal("eks-platform-aws");
        expect(info.getPoliciesList().map((p: any) => p.getName()).sort()).to.deep.equal(AWS_PACK.rules.map((r) => r.name).sort());
        const repository = { name: "platform/echo", imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: true }, encryptionConfigurations: [{ encryptionType: "KMS" }] };
        const found = await analyze(aws.client, "aws:ecr/repository:Repository", repository);
        // With no config sent, each rule runs at its own level and with its schema defaults.
        expect(found.map(([policy, level]) => [policy, level])).to.deep.equal([
            ["aws-ecr-repository-immutable-tags", MANDATORY],
            ["aws-tags-required", MANDATORY],
        ]);
        expect(found[0]![2]).to.contain('Tags are mutable (imageTagMutability is MUTABLE): set imageTagMutability to "IMMUTABLE".');
        expect(found[1]![2]).to.contain("Missing tags Project, Stack, Tier, ManagedBy:");
    });

    it("eks-platform-kubernetes lists its 14 rules and judges a Helm release", async () => {
        const kubernetes = await serve("kubernetes");
        served.push(kubernetes);
        const info = await call(kubernetes.client, "getAnalyzerInfo", new Empty());
        expect(info.getPoliciesList().map((p: any) => p.getName()).sort()).to.deep.equal(KUBERNETES_PACK.rules.map((r) => r.name).sort());
        const found = await analyze(kubernetes.client, "kubernetes:helm.sh/v3:Release", { chart: "traefik", namespace: "traefik", values: { image: { tag: "latest" } } });
        expect(found.map(([policy]) => policy)).to.deep.equal(["kubernetes-helm-no-latest-images", "kubernetes-helm-pin-chart-version"]);
    });
});
