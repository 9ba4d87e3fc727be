import { expect } from "chai";
import { awsEksAddonVersionListed } from "../../../policies/aws/rules/eks/addon-version-listed.js";
import { fixture, mutate, stackFindings, UNKNOWN } from "../helpers.js";

const rule = awsEksAddonVersionListed;
const COMPONENT = "eks:index:Cluster";
const CLUSTER = "aws:eks/cluster:Cluster";
const ADDON = "aws:eks/addon:Addon";

/** A 1.36 cluster with every managed add-on at the matrix's 1.36 pins. */
const cluster = { name: "eks-prod", version: "1.36" };
const addons: Record<string, { addonName: string; addonVersion: string; clusterName: string }> = {
    "vpc-cni": { addonName: "vpc-cni", addonVersion: "v1.22.4-eksbuild.3", clusterName: "eks-prod" },
    "kube-proxy": { addonName: "kube-proxy", addonVersion: "v1.36.0-eksbuild.25", clusterName: "eks-prod" },
    "eks-pod-identity-agent": { addonName: "eks-pod-identity-agent", addonVersion: "v1.3.10-eksbuild.3", clusterName: "eks-prod" },
    coredns: { addonName: "coredns", addonVersion: "v1.14.3-eksbuild.23", clusterName: "eks-prod" },
    "aws-ebs-csi-driver": { addonName: "aws-ebs-csi-driver", addonVersion: "v1.66.0-eksbuild.1", clusterName: "eks-prod" },
};

function stack(clusterProps: Record<string, unknown> = cluster, addonProps: Record<string, Record<string, unknown>> = addons, clusterType = COMPONENT) {
    return [
        fixture(clusterType, clusterProps, { name: "cluster-eks" }),
        ...Object.entries(addonProps).map(([name, props]) => fixture(ADDON, props, { name: `cluster-addons-${name}` })),
    ];
}

async function messages(resources: ReturnType<typeof stack>): Promise<string[]> {
    return (await stackFindings(rule, resources)).map((f) => f.message);
}

describe("aws-eks-addon-version-listed", () => {
    it("passes every add-on at the matrix's pins, on the component and on aws.eks.Cluster", async () => {
        expect(await messages(stack())).to.deep.equal([]);
        expect(await messages(stack(cluster, addons, CLUSTER))).to.deep.equal([]);
    });

    it("passes a version the matrix accepts besides its pin", async () => {
        expect(await messages(stack(cluster, { ...addons, coredns: mutate(addons["coredns"]!, "addonVersion", "v1.14.3-eksbuild.3") }))).to.deep.equal([]);
    });

    it("rejects an add-on built for another Kubernetes version", async () => {
        expect(await messages(stack(cluster, { ...addons, "kube-proxy": mutate(addons["kube-proxy"]!, "addonVersion", "v1.35.3-eksbuild.29") }))).to.deep.equal([
            "Add-on kube-proxy v1.35.3-eksbuild.29 is not listed for Kubernetes 1.36: set addonVersion to v1.36.0-eksbuild.25 or v1.36.0-eksbuild.14 (domain/addon-matrix.ts).",
        ]);
    });

    it("rejects 1.36 add-ons on a 1.34 cluster (the mismatch a shared table allowed)", async () => {
        expect(await messages(stack(mutate(cluster, "version", "1.34")))).to.deep.equal([
            "Add-on kube-proxy v1.36.0-eksbuild.25 is not listed for Kubernetes 1.34: set addonVersion to v1.34.6-eksbuild.29 or v1.34.6-eksbuild.13 (domain/addon-matrix.ts).",
            "Add-on coredns v1.14.3-eksbuild.23 is not listed for Kubernetes 1.34: set addonVersion to v1.13.2-eksbuild.11 (domain/addon-matrix.ts).",
        ]);
    });

    it("rejects an add-on the matrix does not know", async () => {
        const extra = { addonName: "snapshot-controller", addonVersion: "v8.5.0-eksbuild.5", clusterName: "eks-prod" };
        expect(await messages(stack(cluster, { ...addons, "snapshot-controller": extra }))).to.deep.equal([
            "Add-on snapshot-controller is not in the add-on matrix: add a row for it per Kubernetes version in domain/addon-matrix.ts (checked with `aws eks describe-addon-versions --addon-name snapshot-controller`).",
        ]);
    });

    it("waits for values not known during a preview, and leaves other Kubernetes versions to aws-eks-cluster-allowed-version", async () => {
        expect(await messages(stack(cluster, { ...addons, coredns: mutate(addons["coredns"]!, "addonVersion", UNKNOWN) }))).to.deep.equal([]);
        expect(await messages(stack(mutate(cluster, "version", UNKNOWN)))).to.deep.equal([]);
        expect(await messages(stack(mutate(cluster, "version", "1.29")))).to.deep.equal([]);
    });

    it("matches add-ons to their cluster by name when a stack has two clusters", async () => {
        const other = fixture(COMPONENT, { name: "eks-old", version: "1.34" }, { name: "old-eks" });
        const oldProxy = fixture(ADDON, { addonName: "kube-proxy", addonVersion: "v1.36.0-eksbuild.25", clusterName: "eks-old" }, { name: "old-kube-proxy" });
        expect(await messages([...stack(), other, oldProxy])).to.deep.equal([
            "Add-on kube-proxy v1.36.0-eksbuild.25 is not listed for Kubernetes 1.34: set addonVersion to v1.34.6-eksbuild.29 or v1.34.6-eksbuild.13 (domain/addon-matrix.ts).",
        ]);
    });
});
