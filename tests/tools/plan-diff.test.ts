import { execFileSync } from "node:child_process";
import { expect } from "chai";
import { PROJECT_DIR, runStack, type RecordedResource } from "../../engine/engine.js";
import { readStackFiles } from "../../engine/stack-files.js";
import { committedRun } from "../stack-runs.js";
import { planCommand } from "../../tools/plan/cli.js";
import { planDiff } from "../../tools/plan/diff-run.js";
import { diffResources, diffValues, statefulWarnings, summarize, type ResourceChange } from "../../tools/plan/diff.js";
import { renderDiffMarkdown, renderDiffText } from "../../tools/plan/diff-render.js";
import { REPLACEMENT_RULES, replacementTriggers } from "../../tools/plan/replacements.js";

/** The dev stack file's own value of a top-level key, so an override changes one field of it. */
function devConfig(key: string): Record<string, any> {
    return JSON.parse(readStackFiles(PROJECT_DIR, "dev").values[`eks-platform:${key}`] ?? "{}");
}

const brief = (c: ResourceChange) => `${c.kind} ${c.type} ${c.name}`;

describe("plan --diff: what a change does to a stack", () => {
    let dev: RecordedResource[];
    before(async () => {
        dev = (await committedRun("dev")).resources;
    });

    it("renaming the cluster is flagged as a replacement of the cluster, with a loud warning for each stateful resource", async () => {
        const cluster = devConfig("cluster");
        const head = await runStack({ stack: "dev", configOverrides: { cluster: { ...cluster, name: "eks-dev-blue" } } });
        const changes = diffResources(dev, head.resources);
        const eks = changes.find((c) => c.type === "eks:index:Cluster")!;
        expect(eks).to.include({ kind: "update", stateful: true });
        expect(eks.replacedBy).to.deep.equal(["name"]);
        expect(eks.inputs).to.deep.include({ path: "name", before: '"eks-dev"', after: '"eks-dev-blue"' });
        // Everything named after the cluster that cannot be renamed in place goes with it.
        expect(changes.filter((c) => c.replacedBy.length > 0).map((c) => `${c.type} ${c.name} (${c.replacedBy.join(", ")})`).sort()).to.deep.equal([
            "aws:cloudwatch/logGroup:LogGroup cluster-control-plane-logs (name)",
            "aws:cloudwatch/logGroup:LogGroup network-flow-logs (name)",
            "aws:eks/nodeGroup:NodeGroup cluster-system-ng (clusterName)",
            "aws:route53/record:Record alb-group-aws-validation (name)",
            "aws:route53/record:Record ingress-dns-apex (name)",
            "aws:route53/record:Record ingress-dns-wildcard (name)",
            "eks:index:Cluster cluster-eks (name)",
        ]);
        expect(statefulWarnings(changes)).to.include(
            "STATEFUL eks:index:Cluster cluster-eks is likely REPLACED (delete and create) because name changed: it holds the EKS control plane, its etcd (every Kubernetes object) and its OIDC issuer.",
        );
        // The KMS keys only change their description: an update, no warning.
        const keys = changes.filter((c) => c.type === "aws:kms/key:Key");
        expect(keys).to.not.be.empty;
        expect(keys.map((c) => c.replacedBy)).to.deep.equal(keys.map(() => []));
        const markdown = renderDiffMarkdown({ stack: "dev", base: "main", changes });
        expect(markdown).to.contain("> [!CAUTION]\n> **STATEFUL aws:cloudwatch/logGroup:LogGroup network-flow-logs is likely REPLACED");
        expect(markdown).to.contain("    name: \"eks-dev\" -> \"eks-dev-blue\" (forces replacement)");
    });

    it("a new integration is a set of creates and nothing else", async () => {
        const access = devConfig("access");
        const integration = { name: "monitoring-vendor", trustedAccountId: "777788889999", capabilities: { describeCluster: true } };
        const head = await runStack({
            stack: "dev",
            configOverrides: {
                access: { ...access, integrations: [...access["integrations"], integration] },
                integrationExternalIds: { "satellite-vendor": { secure: "v1:a" }, "monitoring-vendor": { secure: "v1:b" } },
            },
        });
        const changes = diffResources(dev, head.resources);
        expect(summarize(changes)).to.deep.equal({ create: changes.length, update: 0, delete: 0, replace: 0, move: 0 });
        expect(changes.map(brief)).to.deep.equal([
            "create platform:access:IntegrationRole access-integration-monitoring-vendor",
            "create aws:iam/role:Role access-integration-monitoring-vendor-role",
            "create aws:iam/rolePolicy:RolePolicy access-integration-monitoring-vendor-permissions",
        ]);
    });

    it("reports a resource that changed parent as a move, and one that left as a delete", () => {
        const resource = (urn: string, parent: string | undefined, inputs: Record<string, unknown> = {}) =>
            ({ urn, type: "aws:kms/key:Key", name: urn.split("::").pop()!, parent, inputs, replaceOnChanges: [] }) as unknown as RecordedResource;
        const base = [resource("urn:a::key", "urn:old"), resource("urn:a::gone", undefined)];
        const head = [resource("urn:b::key", "urn:new")];
        const changes = diffResources(base, head);
        expect(changes.map((c) => [c.kind, c.name, c.move])).to.deep.equal([
            ["update", "key", { from: "urn:old", to: "urn:new", aliased: false }],
            ["delete", "gone", undefined],
        ]);
        expect(statefulWarnings(changes)).to.deep.equal([
            "STATEFUL aws:kms/key:Key key MOVES to another parent without an alias, so Pulumi deletes and recreates it: it holds a customer-managed key: what it encrypted cannot be decrypted once it is deleted.",
            "STATEFUL aws:kms/key:Key gone is DELETED: it holds a customer-managed key: what it encrypted cannot be decrypted once it is deleted.",
        ]);
    });

    it("masks secrets, walks JSON documents and flags the resource's own replaceOnChanges", () => {
        expect(diffValues({ password: { secret: true, value: "a" } }, { password: { secret: true, value: "b" } })).to.deep.equal([
            { path: "password", before: "[secret]", after: "[secret]" },
        ]);
        expect(diffValues({ password: { secret: true, value: "a" } }, { password: { secret: true, value: "a" } })).to.deep.equal([]);
        expect(diffValues({ policy: '{"Statement":[{"Action":"s3:GetObject"}]}' }, { policy: '{"Statement":[{"Action":"s3:*"}]}' })).to.deep.equal([
            { path: "policy{Statement[0].Action}", before: '"s3:GetObject"', after: '"s3:*"' },
        ]);
        expect(replacementTriggers("aws:iam/role:Role", ["name", "description"], ["name"])).to.deep.equal(["name"]);
        expect(replacementTriggers("aws:eks/nodeGroup:NodeGroup", ["scalingConfig.minSize", "instanceTypes[0]", "launchTemplate.version"])).to.deep.equal(["instanceTypes[0]"]);
    });

    it("sources every row of the replacement table and covers the stateful types the platform cares about", () => {
        expect(REPLACEMENT_RULES.map((r) => r.type)).to.include.members([
            "aws:eks/cluster:Cluster",
            "eks:index:Cluster",
            "aws:kms/key:Key",
            "aws:ecr/repository:Repository",
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:efs/fileSystem:FileSystem",
            "aws:route53/record:Record",
            "aws:eks/nodeGroup:NodeGroup",
        ]);
        for (const rule of REPLACEMENT_RULES) expect(rule.source, rule.type).to.match(/^hashicorp\/terraform-provider-aws internal\/service\/\S+\.go @ [0-9a-f]{8} \(ForceNew\)$/);
    });

    it("a config change that resizes the system node group is an update of the node group, against HEAD in a temporary worktree", async () => {
        // The diff's own worktrees only: other checkouts of the repository may come and go meanwhile.
        const worktrees = () =>
            execFileSync("git", ["worktree", "list", "--porcelain"], { cwd: PROJECT_DIR, encoding: "utf8" })
                .split("\n")
                .filter((line) => line.startsWith("worktree ") && line.includes("eks-platform-diff-"));
        const before = worktrees();
        const cluster = devConfig("cluster");
        const diff = await planDiff("dev", "HEAD", { configOverrides: { cluster: { ...cluster, systemNodes: { desiredSize: 3, maxSize: 5 } } } });
        expect(worktrees(), "the temporary worktree is gone").to.deep.equal(before);
        // HEAD is the committed program: on a clean checkout the resize is the only change.
        const nodeGroup = diff.changes.find((c) => c.name === "cluster-system-ng")!;
        expect(nodeGroup).to.deep.equal({
            kind: "update",
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "cluster-system-ng",
            urn: nodeGroup.urn,
            inputs: [
                { path: "scalingConfig.desiredSize", before: "1", after: "3" },
                { path: "scalingConfig.maxSize", before: "3", after: "5" },
            ],
            replacedBy: [],
            stateful: true,
        });
        expect(statefulWarnings([nodeGroup])).to.deep.equal([]);
        expect(renderDiffText({ stack: "dev", base: "HEAD", changes: [nodeGroup] })).to.equal(
            [
                "Changes to stack dev against HEAD: 0 to create, 1 to update, 0 to delete (0 likely replacement(s), 0 move(s)).",
                "",
                "~ update aws:eks/nodeGroup:NodeGroup cluster-system-ng [stateful]",
                "    scalingConfig.desiredSize: 1 -> 3",
                "    scalingConfig.maxSize: 3 -> 5",
                "",
            ].join("\n"),
        );
    });

    it("says which ref it cannot find", async () => {
        let stderr = "";
        const code = await planCommand(["--stack", "dev", "--diff", "no-such-ref-xyz"], { stdout: () => undefined, stderr: (t) => (stderr += t) });
        expect(code).to.equal(1);
        expect(stderr).to.equal(
            'diff of stack "dev" against no-such-ref-xyz failed:\n"no-such-ref-xyz" is not a commit, branch or tag of this repository (fetch it first: git fetch origin no-such-ref-xyz)\n',
        );
    });
});
