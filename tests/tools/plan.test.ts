import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { planCommand, planStack, type PlanContext } from "../../tools/plan/cli.js";
import { configEntries, type Plan } from "../../tools/plan/model.js";
import { policySummary } from "../../tools/plan/policy.js";
import { mermaid, renderMarkdown } from "../../tools/plan/render-markdown.js";
import { renderText } from "../../tools/plan/render-text.js";
import { PROJECT_DIR, runStack, type StackRun } from "../../engine/engine.js";

/**
 * Mermaid's own flowchart parser (the one GitHub renders with), run in Node: it sanitizes labels
 * with DOMPurify, which needs a DOM, so happy-dom stands in for the browser while it loads.
 * Returns the labels of the nodes it built and the ids of its subgraphs.
 */
async function mermaidParser(): Promise<(text: string) => Promise<{ vertices: { id: string; text: string }[]; subgraphs: string[] }>> {
    const { Window } = await import("happy-dom");
    const globals = globalThis as unknown as Record<string, unknown>;
    const window = new Window();
    // Only while Mermaid runs: other tests must not see a browser.
    const inBrowser = async <T>(work: () => Promise<T>): Promise<T> => {
        globals["window"] = window;
        globals["document"] = window.document;
        try {
            return await work();
        } finally {
            delete globals["window"];
            delete globals["document"];
        }
    };
    const { default: mermaid } = await inBrowser(() => import("mermaid"));
    return (text) =>
        inBrowser(async () => {
            await mermaid.parse(text);
            const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
            const db = diagram.db as unknown as { getVertices(): Map<string, { text?: string }>; getSubGraphs(): { id: string }[] };
            const vertices = [...db.getVertices().entries()].map(([id, v]) => ({ id, text: (v.text ?? "").replace(/<br\s*\/?>/g, "<br/>") }));
            return { vertices, subgraphs: db.getSubGraphs().map((g) => g.id) };
        });
}

/** Runs the command in-process, capturing what it prints. */
async function command(argv: string[], context: PlanContext = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await planCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, context);
    return { code, stdout, stderr };
}

describe("npm run plan (both stacks through the mock engine)", () => {
    let dev: Plan;
    let prod: Plan;
    let secretRun: StackRun;
    before(async () => {
        dev = await planStack("dev", { compare: true });
        prod = await planStack("prod");
        secretRun = await runStack({ stack: "dev", configOverrides: { "eks-platform:tags": { Owner: { secure: "v1:abc" } } } });
    });

    it("counts every resource and nests the components with their resource counts", () => {
        const localComponents = (nodes: Plan["components"]): number => nodes.reduce((n, c) => n + (c.remote ? 0 : 1) + localComponents(c.children), 0);
        expect(dev.resourceCount).to.equal(dev.groups.reduce((n, g) => n + g.resources.length, 0) + localComponents(dev.components));
        const network = dev.components.find((c) => c.name === "network")!;
        // VPC, flow-log group, role, policy and flow log; one EIP, one NAT gateway and a route per AZ (two) in dev.
        expect(network).to.include({ type: "platform:network:Network", resources: 9 });
        expect(network.children.map((c) => [c.type, c.remote])).to.deep.equal([["awsx:ec2:Vpc", true]]);
    });

    it("groups each resource under the component that holds it", () => {
        const network = dev.groups.find((g) => g.component === "platform:network:Network network")!;
        expect(network.resources.map((r) => r.type)).to.include.members(["awsx:ec2:Vpc", "aws:ec2/flowLog:FlowLog", "aws:iam/role:Role"]);
    });

    it("shows the config in force, marking what the stack file sets and what the tier defaults", () => {
        const entry = (plan: Plan, key: string) => plan.config.find((c) => c.key === key);
        expect(entry(dev, "network.natGateways")).to.deep.include({ value: "single", source: "default" });
        expect(entry(prod, "network.natGateways")).to.deep.include({ value: "onePerAz", source: "default" });
        expect(entry(prod, "network.cidr")).to.deep.include({ value: "10.10.0.0/16", source: "stack" });
        expect(entry(dev, "aws:region")).to.deep.include({ value: "eu-west-1", source: "stack" });
    });

    it("summarises both policy packs over the stack's resources", () => {
        expect(dev.policy.available, JSON.stringify(dev.policy)).to.equal(true);
        if (!dev.policy.available) return;
        expect(dev.policy.rules).to.be.greaterThan(0);
        expect(dev.policy.resourcesChecked).to.be.greaterThan(0);
        expect(dev.policy.mandatory).to.equal(dev.policy.violations.filter((v) => v.enforcementLevel === "mandatory").length);
    });

    it("reports a failing policy check in the summary instead of failing the plan", async () => {
        const summary = await policySummary(secretRun, () => Promise.reject(new Error("policies/config/dev.json is not valid JSON")));
        expect(summary).to.deep.equal({ available: false, reason: "the policy check failed: policies/config/dev.json is not valid JSON" });
    });

    it("masks secret config values", () => {
        const tags = configEntries(secretRun).find((c) => c.key === "tags")!;
        expect(tags).to.deep.include({ value: "[secret]", secret: true });
        expect(JSON.stringify(configEntries(secretRun))).to.not.include("offline-placeholder-secret");
    });

    it("shows outputs from config as known and ids the cloud assigns as known after deploy", () => {
        const output = (key: string) => dev.outputs.find((o) => o.key === key);
        expect(output("region")).to.deep.equal({ key: "region", state: "known", value: "eu-west-1" });
        expect(output("vpcCidr")?.state).to.equal("known");
        expect(output("vpcId")).to.deep.equal({ key: "vpcId", state: "after-deploy" });
        // The NLB's DNS name is AWS's pick at creation: never shown as if known.
        expect(output("ingressLoadBalancer")).to.deep.equal({ key: "ingressLoadBalancer", state: "after-deploy" });
        expect(output("privateSubnetIds")?.state).to.equal("after-deploy");
        if (output("clusterEndpoint")) expect(output("clusterEndpoint")?.state).to.equal("after-deploy");
    });

    it("estimates a first pulumi up along the control plane, and sums every creation time", () => {
        for (const plan of [dev, prod]) {
            const t = plan.deployTime;
            expect(t.sumSeconds).to.be.greaterThan(t.criticalPathSeconds);
            expect(t.criticalPath.at(-1)?.finish).to.equal(t.criticalPathSeconds);
            if (plan.groups.some((g) => g.resources.some((r) => r.type === "eks:index:Cluster"))) {
                expect(t.criticalPath.map((s) => s.type)).to.include("eks:index:Cluster");
                expect(t.criticalPathSeconds).to.be.within(15 * 60, 40 * 60);
            }
        }
    });

    it("keeps NAT gateways, KMS, IAM, ECR and SQS work off the critical path", () => {
        for (const plan of [dev, prod]) {
            const onPath = plan.deployTime.criticalPath.map((s) => s.type);
            expect(onPath.filter((t) => /^aws:(kms|iam|ecr|sqs)\/|^aws:ec2\/(natGateway|eip):/.test(t)), plan.stack).to.deep.equal([]);
            expect(plan.deployTime.parallelizableOnPath, plan.stack).to.deep.equal([]);
            expect(onPath, plan.stack).to.include("eks:index:Cluster");
        }
    });

    it("costs prod more than dev: a NAT gateway per AZ instead of one", () => {
        const nat = (plan: Plan) => plan.cost!.items.find((i) => i.item === "NAT gateways")!;
        expect(nat(dev).quantity).to.equal(1);
        expect(nat(prod).quantity).to.equal(3);
        expect(prod.cost!.monthlyUsd).to.be.greaterThan(dev.cost!.monthlyUsd);
        expect(dev.costByStack.map((s) => s.stack)).to.deep.equal(["dev", "prod"]);
        expect(dev.costByStack.find((s) => s.stack === "prod")?.monthlyUsd).to.equal(prod.cost!.monthlyUsd);
        // Without --compare, one stack's plan runs the program once and prices only itself.
        expect(prod.costByStack).to.deep.equal([]);
    });

    it("renders Markdown for a pull request with a Mermaid diagram of the components and their dependencies", () => {
        const md = renderMarkdown(dev);
        expect(md).to.include("```mermaid\nflowchart LR");
        expect(md).to.match(/c\d+ --> c\d+/);
        expect(md).to.include("### Deploy time (estimate)");
        expect(md).to.include("### Monthly baseline before workloads");
        expect(md).to.include("| dev |");
    });

    it("draws a Mermaid diagram that Mermaid's own parser reads, one box per component and no stray node", async () => {
        const parse = await mermaidParser();
        for (const plan of [dev, prod]) {
            const { vertices, subgraphs } = await parse(mermaid(plan));
            // A box per component of the tree: a subgraph per top-level component with parts, a node per
            // part and per component with resources of its own; an edge to an undeclared id would add one.
            const expected = plan.components.flatMap((top) =>
                top.children.length === 0
                    ? [`${top.name}<br/>${top.type}<br/>${top.resources} resource${top.resources === 1 ? "" : "s"}`]
                    : [
                          ...(top.ownResources > 0 ? [`${top.name}<br/>${top.ownResources} resource${top.ownResources === 1 ? "" : "s"}`] : []),
                          ...top.children.map((c) => `${c.name}<br/>${c.remote ? `${c.type} (remote)` : c.type}<br/>${c.resources} resource${c.resources === 1 ? "" : "s"}`),
                      ],
            );
            // Mermaid lists a subgraph an arrow points at among its vertices too; it draws it as the box.
            const nodes = vertices.filter((v) => !subgraphs.includes(v.id));
            expect(nodes.filter((v) => v.text === v.id).map((v) => v.id), `${plan.stack}: stray nodes`).to.deep.equal([]);
            const counts = (labels: string[]) => labels.map((l) => l.split("<br/>").pop()!).sort();
            expect(counts(nodes.map((v) => v.text)), plan.stack).to.deep.equal(counts(expected));
            expect(subgraphs, plan.stack).to.have.length(plan.components.filter((c) => c.children.length > 0).length);
        }
    });

    it("prices the control plane at the extended-support rate ($0.60/h) when supportType is EXTENDED", async () => {
        const extended = await planStack("dev", {
            configOverrides: { "eks-platform:cluster": { supportType: "EXTENDED", endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } } },
        });
        const controlPlane = (plan: Plan) => plan.cost!.items.filter((i) => i.item.startsWith("EKS control plane"));
        expect(controlPlane(extended).map((i) => [i.item, i.unitUsd, i.monthlyUsd])).to.deep.equal([["EKS control plane, extended support", 0.6, 438]]);
        expect(controlPlane(dev).map((i) => [i.item, i.unitUsd, i.monthlyUsd])).to.deep.equal([["EKS control plane", 0.1, 73]]);
    });

    it("notes a sibling stack file that does not parse in one line of the comparison, and still plans", async () => {
        const sibling = path.join(PROJECT_DIR, "Pulumi.zz-broken-sibling.yaml");
        fs.writeFileSync(sibling, "config:\n  aws:region: eu-west-1\n  eks-platform:tier: staging\n");
        try {
            const { code, stdout, stderr } = await command(["--stack", "prod", "--compare", "--format", "json"]);
            expect(code, stderr).to.equal(0);
            const broken = (JSON.parse(stdout) as Plan).costByStack.find((c) => c.stack === "zz-broken-sibling")!;
            expect(broken.monthlyUsd).to.equal(undefined);
            expect(broken.error).to.match(/^Stack "zz-broken-sibling" has invalid config .*: - tier: must be one of "dev", "prod", got "staging"$/);
            expect(broken.error).to.not.include("\n");
        } finally {
            fs.rmSync(sibling);
        }
    });

    it("renders text with every section", () => {
        const text = renderText(dev);
        for (const heading of ["Components", "Resources by component", "Policy:", "Config in force", "Outputs", "Deploy time", "Monthly baseline"]) {
            expect(text, heading).to.include(heading);
        }
    });

    it("writes JSON that parses back to the same plan", async () => {
        const { code, stdout } = await command(["--stack", "dev", "--format", "json"]);
        expect(code).to.equal(0);
        const parsed = JSON.parse(stdout) as Plan;
        expect(parsed.stack).to.equal("dev");
        expect(parsed.resourceCount).to.equal(dev.resourceCount);
        expect(parsed.deployTime.criticalPathSeconds).to.equal(dev.deployTime.criticalPathSeconds);
    });
});

describe("npm run plan: bad usage", () => {
    it("names the unknown stack and the stacks there are", async () => {
        const { code, stderr } = await command(["--stack", "staging"]);
        expect(code).to.equal(2);
        expect(stderr).to.include('unknown stack "staging"').and.include("dev, prod");
    });

    it("names the bad config key and what to write instead", async () => {
        const { code, stderr } = await command(["--stack", "dev"], { configOverrides: { "eks-platform:network": { azCount: 9 } } });
        expect(code).to.equal(2);
        expect(stderr).to.include("network.azCount").and.include("at most 6");
        expect(stderr).to.not.match(/^\s+at /m);
    });

    it("rejects a missing --stack or an unknown format with the usage line", async () => {
        expect((await command([])).code).to.equal(2);
        const bad = await command(["--stack", "dev", "--format", "yaml"]);
        expect(bad.code).to.equal(2);
        expect(bad.stderr).to.include("--format must be one of text, markdown, json").and.include("usage: npm run plan");
    });

    it("exits non-zero without a stack trace when run as a command", () => {
        const result = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_DIR, "tools", "plan.ts"), "--stack", "nope"], {
            cwd: PROJECT_DIR,
            encoding: "utf8",
        });
        expect(result.status).to.equal(2);
        expect(result.stderr).to.include('unknown stack "nope"');
        expect(result.stderr).to.not.match(/^\s+at /m);
    });
});
