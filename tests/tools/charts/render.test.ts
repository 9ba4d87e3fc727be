import { expect } from "chai";
import { firstError, masked, parseManifest, varyingKeys } from "../../../tools/charts/render.js";

describe("charts: reading a render", () => {
    it("flattens a v1 List into its items, as helm's kube client creates them", () => {
        const manifest = [
            "apiVersion: v1",
            "kind: List",
            "items:",
            "  - apiVersion: networking.k8s.io/v1",
            "    kind: IngressClass",
            "    metadata: { name: alb }",
            "  - apiVersion: elbv2.k8s.aws/v1beta1",
            "    kind: IngressClassParams",
            "    metadata: { name: alb }",
            "---",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata: { name: c }",
        ].join("\n");
        expect(parseManifest(manifest).map((o) => `${o.apiVersion} ${o.kind}`)).to.deep.equal([
            "networking.k8s.io/v1 IngressClass",
            "elbv2.k8s.aws/v1beta1 IngressClassParams",
            "v1 ConfigMap",
        ]);
    });

    it("masks the keys a chart generates anew on each render, and only those", () => {
        const render = (cert: string, sum: string) => `kind: Secret\ndata:\n  tls.crt: ${cert}\n---\nkind: Deployment\n  annotations:\n    checksum/cert: ${sum}\n  replicas: 2\n`;
        const keys = varyingKeys(render("AAA", "111"), render("BBB", "222"));
        expect(keys).to.deep.equal(["  tls.crt: ", "    checksum/cert: "]);
        expect(masked(render("AAA", "111"), keys!)).to.equal(masked(render("CCC", "333"), keys!));
        expect(masked(render("AAA", "111"), keys!)).to.not.equal(masked(render("CCC", "333").replace("replicas: 2", "replicas: 3"), keys!));
        expect(varyingKeys(render("AAA", "111"), render("AAA", "111"))).to.deep.equal([]);
    });

    it("gives up when two renders differ in shape", () => {
        expect(varyingKeys("a: 1\nb: 2\n", "a: 1\n")).to.equal(undefined);
        expect(varyingKeys("a: 1\n- x\n", "a: 1\n- y\n")).to.equal(undefined);
        expect(varyingKeys("a: 1\n", "b: 1\n")).to.equal(undefined);
    });
});

describe("charts: helm's error in a note", () => {
    it("keeps what a values schema failure names, not only its heading", () => {
        const stderr = "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nexternal-dns:\n- at '/registry': value must be one of 'txt', 'aws-sd', 'dynamodb', 'noop'\n\n";
        expect(firstError(stderr)).to.equal(
            "values don't meet the specifications of the schema(s) in the following chart(s): external-dns: - at '/registry': value must be one of 'txt', 'aws-sd', 'dynamodb', 'noop'",
        );
    });

    it("a one-line error stays one line", () => {
        expect(firstError("walk.go:75: found symbolic link\nError: execution error at (app/templates/deployment.yaml:2:4): mode must be a or b\n")).to.equal(
            "execution error at (app/templates/deployment.yaml:2:4): mode must be a or b",
        );
    });
});
