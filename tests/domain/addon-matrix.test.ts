import { expect } from "chai";
import {
    ADDON_MATRIX,
    addonNames,
    addonVersionsFor,
    AMI_MATRIX,
    compareAddonVersions,
    listedAddonVersions,
} from "../../domain/addon-matrix.js";
import { KUBERNETES_VERSIONS } from "../../domain/versions.js";

describe("add-on matrix", () => {
    it("has a row for every Kubernetes version the config accepts, each with every add-on and a dated source", () => {
        expect(Object.keys(ADDON_MATRIX).sort()).to.deep.equal([...KUBERNETES_VERSIONS].sort());
        expect(Object.keys(AMI_MATRIX).sort()).to.deep.equal([...KUBERNETES_VERSIONS].sort());
        for (const version of KUBERNETES_VERSIONS) {
            expect(Object.keys(ADDON_MATRIX[version]).sort(), version).to.deep.equal(addonNames().sort());
            for (const name of addonNames()) {
                const entry = ADDON_MATRIX[version][name];
                for (const listed of listedAddonVersions(version, name)) expect(listed, `${version} ${name}`).to.match(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
                expect(entry.source.read, `${version} ${name}`).to.match(/^\d{4}-\d{2}-\d{2}$/);
                expect(entry.source.where, `${version} ${name}`).to.not.equal("");
            }
        }
    });

    it("pins kube-proxy to the cluster's own minor version", () => {
        for (const version of KUBERNETES_VERSIONS) {
            for (const listed of listedAddonVersions(version, "kube-proxy")) expect(listed).to.match(new RegExp(`^v${version.replace(".", "\\.")}\\.`));
        }
    });

    it("never pins an older add-on build on the next Kubernetes version (EKS cannot downgrade an add-on)", () => {
        for (let i = 1; i < KUBERNETES_VERSIONS.length; i++) {
            const [from, to] = [KUBERNETES_VERSIONS[i - 1]!, KUBERNETES_VERSIONS[i]!];
            for (const name of addonNames()) {
                const order = compareAddonVersions(ADDON_MATRIX[from][name].pinned, ADDON_MATRIX[to][name].pinned);
                expect(order, `${name} ${from} -> ${to}`).to.be.a("number").and.to.be.at.most(0);
            }
        }
    });

    it("pins AMI releases by date, never @latest, with the node group release of the same build", () => {
        for (const version of KUBERNETES_VERSIONS) {
            const { karpenterAlias, nodeGroupReleaseVersion } = AMI_MATRIX[version];
            const release = /^al2023@v(\d{8})$/.exec(karpenterAlias)?.[1];
            expect(release, version).to.be.a("string");
            expect(nodeGroupReleaseVersion).to.match(new RegExp(`^${version.replace(".", "\\.")}\\.\\d+-${release}$`));
        }
    });

    it("puts a stack's explicit pins over the row's", () => {
        expect(addonVersionsFor("1.35", { coredns: "v1.14.3-eksbuild.3" })).to.deep.equal({
            "vpc-cni": "v1.22.4-eksbuild.3",
            "kube-proxy": "v1.35.3-eksbuild.29",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
            coredns: "v1.14.3-eksbuild.3",
            "aws-ebs-csi-driver": "v1.66.0-eksbuild.1",
            "aws-efs-csi-driver": "v3.4.1-eksbuild.1",
            "amazon-cloudwatch-observability": "v6.4.0-eksbuild.1",
        });
    });

    it("orders eksbuild versions numerically", () => {
        expect(compareAddonVersions("v1.14.3-eksbuild.3", "v1.14.3-eksbuild.23")).to.be.below(0);
        expect(compareAddonVersions("v1.13.2-eksbuild.11", "v1.9.3-eksbuild.39")).to.be.above(0);
        expect(compareAddonVersions("v1.2.3", "v1.2.3-eksbuild.1")).to.equal(undefined);
    });
});
