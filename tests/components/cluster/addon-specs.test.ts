import { expect } from "chai";
import { addonSpecs } from "../../../components/cluster/addon-specs.js";

describe("addonSpecs", () => {
    const versions = (specs: ReturnType<typeof addonSpecs>) => Object.fromEntries(specs.map((s) => [s.name, s.version]));

    it("installs the matrix row of the cluster's Kubernetes version", () => {
        expect(versions(addonSpecs("1.34"))).to.deep.equal({
            "vpc-cni": "v1.22.4-eksbuild.3",
            "kube-proxy": "v1.34.6-eksbuild.29",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
            coredns: "v1.13.2-eksbuild.11",
            "aws-ebs-csi-driver": "v1.66.0-eksbuild.1",
        });
    });

    it("puts a stack's explicit pin over the row and leaves the rest", () => {
        const pinned = versions(addonSpecs("1.36", { "kube-proxy": "v1.36.0-eksbuild.14" }));
        expect(pinned["kube-proxy"]).to.equal("v1.36.0-eksbuild.14");
        expect(pinned["coredns"]).to.equal("v1.14.3-eksbuild.23");
    });
});
