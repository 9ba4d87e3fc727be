import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

describe("cluster.addonVersions", () => {
    it("is optional: the matrix row of cluster.version applies", () => {
        expect(parse(minimal("dev")).cluster.addonVersions).to.equal(undefined);
    });

    it("accepts a version the matrix lists for the cluster's Kubernetes version", () => {
        const config = parse({ tier: "prod", cluster: { version: "1.35", addonVersions: { coredns: "v1.14.3-eksbuild.3" } } });
        expect(config.cluster.addonVersions).to.deep.equal({ coredns: "v1.14.3-eksbuild.3" });
    });

    it("refuses a version of another Kubernetes version, naming what is listed and how to check", () => {
        expect(problemsOf({ tier: "prod", cluster: { version: "1.35", addonVersions: { "kube-proxy": "v1.36.0-eksbuild.25" } } })).to.deep.equal([
            "cluster.addonVersions.kube-proxy: v1.36.0-eksbuild.25 is not listed for Kubernetes 1.35 (listed: v1.35.3-eksbuild.29, v1.35.3-eksbuild.13); pick one of those, or check it with `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name kube-proxy` and add it to domain/addon-matrix.ts",
        ]);
    });

    it("refuses an add-on the platform does not manage", () => {
        expect(problemsOf({ tier: "prod", cluster: { addonVersions: { "kube-prxy": "v1.36.0-eksbuild.25" } } })).to.deep.equal([
            "cluster.addonVersions.kube-prxy: is not a managed add-on of this platform (domain/addon-matrix.ts); remove it or fix its spelling",
        ]);
    });
});
