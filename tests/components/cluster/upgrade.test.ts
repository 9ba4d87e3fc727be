import { expect } from "chai";
import { PROJECT_DIR, runStack, type StackRun } from "../../../engine/engine.js";
import { readStackFiles } from "../../../engine/stack-files.js";
import { diffResources, statefulWarnings, type ResourceChange } from "../../../tools/plan/diff.js";
import { isStateful, replacementRule } from "../../../tools/plan/replacements.js";
import { committedRun } from "../../stack-runs.js";

/**
 * dev goes from Kubernetes 1.35 to 1.36 by one config line. What must change is exactly the
 * control plane version, the add-ons whose 1.36 build differs, the system node group (version and
 * AMI release) and the EC2NodeClass AMI; nothing stateful may change identity.
 */
describe("upgrading dev from Kubernetes 1.35 to 1.36 in config", () => {
    let on135: StackRun;
    let on136: StackRun;
    let changes: ResourceChange[];
    before(async () => {
        const cluster = JSON.parse(readStackFiles(PROJECT_DIR, "dev").values["eks-platform:cluster"]!);
        expect(cluster.version, "Pulumi.dev.yaml takes the tier default version").to.equal(undefined);
        on135 = await runStack({ stack: "dev", configOverrides: { cluster: { ...cluster, version: "1.35" } } });
        on136 = await committedRun("dev");
        changes = diffResources(on135.resources, on136.resources);
    });

    const summary = (c: ResourceChange) => [`${c.kind} ${c.type} ${c.name}`, ...c.inputs.map((i) => `  ${i.path}: ${i.before} -> ${i.after}`)];

    it("changes the cluster version, the add-ons, the node group and the NodeClass AMI, and nothing else", () => {
        expect(changes.flatMap(summary)).to.deep.equal([
            "update eks:index:Cluster cluster-eks",
            '  version: "1.35" -> "1.36"',
            "update aws:eks/addon:Addon cluster-addons-early-kube-proxy",
            '  addonVersion: "v1.35.3-eksbuild.29" -> "v1.36.0-eksbuild.25"',
            "update aws:eks/nodeGroup:NodeGroup cluster-system-ng",
            '  releaseVersion: "1.35.6-20260714" -> "1.36.4-20260923"',
            '  version: "1.35" -> "1.36"',
            "update aws:eks/addon:Addon cluster-addons-coredns",
            '  addonVersion: "v1.14.3-eksbuild.22" -> "v1.14.3-eksbuild.23"',
            "update kubernetes:karpenter.k8s.aws/v1:EC2NodeClass karpenter-nodeclass-default",
            '  spec.amiSelectorTerms[0].alias: "al2023@v20260714" -> "al2023@v20260923"',
        ]);
    });

    it("keeps the add-ons whose build is offered for both versions where they are", () => {
        const versionOf = (run: StackRun, addon: string) => run.resources.find((r) => r.type === "aws:eks/addon:Addon" && r.inputs["addonName"] === addon)!.inputs["addonVersion"];
        for (const [addon, version] of [
            ["vpc-cni", "v1.22.4-eksbuild.3"],
            ["eks-pod-identity-agent", "v1.3.10-eksbuild.3"],
            ["aws-ebs-csi-driver", "v1.66.0-eksbuild.1"],
        ] as const) {
            expect(versionOf(on135, addon), addon).to.equal(version);
            expect(versionOf(on136, addon), addon).to.equal(version);
        }
    });

    it("keeps every stateful resource's identity: same URNs, nothing created, deleted or replaced", () => {
        const statefulUrns = (run: StackRun) => run.resources.filter((r) => isStateful(r.type)).map((r) => r.urn).sort();
        expect(statefulUrns(on136)).to.deep.equal(statefulUrns(on135));
        expect(statefulUrns(on136).length).to.be.at.least(6);
        expect(changes.filter((c) => c.kind !== "update")).to.deep.equal([]);
        expect(changes.filter((c) => c.replacedBy.length > 0 || c.move)).to.deep.equal([]);
        expect(statefulWarnings(changes)).to.deep.equal([]);
        // No changed path touches a replace-on-change property of its type.
        for (const change of changes) {
            const properties = replacementRule(change.type)?.replaceOnChange ?? [];
            for (const input of change.inputs) expect(properties, `${change.name} ${input.path}`).to.not.include(input.path.split(/[.[{]/)[0]);
        }
    });
});
