import { expect } from "chai";
import { validateCustomResource, type CrdVersion } from "../../../tools/charts/crd.js";

/** Rules in the style of the pinned Karpenter and cert-manager CRDs, on a schema the test writes. */
const VERSION: CrdVersion = {
    group: "example.com",
    kind: "Pool",
    version: "v1",
    namespaced: false,
    crd: "pools.example.com",
    schema: {
        type: "object",
        properties: {
            spec: {
                type: "object",
                properties: {
                    keys: {
                        type: "array",
                        items: { type: "string" },
                        "x-kubernetes-validations": [{ rule: `self.all(x, x in ["example.com/allowed"] || !x.find("^([^/]+)").endsWith("example.com"))`, message: 'label domain "example.com" is restricted' }],
                    },
                    alias: { type: "string", "x-kubernetes-validations": [{ rule: "self.split('@')[0] in ['al2023','bottlerocket']", message: "unknown family" }] },
                    server: { type: "string", "x-kubernetes-validations": [{ rule: "isURL(self) && self.startsWith('https://')", message: "server must be an https URL" }] },
                    weight: { type: "integer", "x-kubernetes-validations": [{ rule: "self >= 1 && self <= 100" }] },
                    limits: { type: "object", additionalProperties: { "x-kubernetes-int-or-string": true }, "x-kubernetes-validations": [{ rule: "self.all(k, k != 'pods')", message: "pods is not a limit" }] },
                    replicas: { type: "integer", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "immutable" }] },
                },
            },
        },
    },
};

const pool = (spec: Record<string, unknown>) => ({ apiVersion: "example.com/v1", kind: "Pool", metadata: { name: "p" }, spec });

describe("custom resources against a CRD schema with CEL rules", () => {
    it("accepts a valid object, and skips transition rules (oldSelf)", () => {
        const spec = { keys: ["example.com/allowed", "team.io/x"], alias: "al2023@v20260923", server: "https://acme.example.org/dir", weight: 50, limits: { cpu: "16", memory: 2 }, replicas: 3 };
        expect(validateCustomResource(pool(spec), VERSION)).to.deep.equal([]);
    });

    it("reports each rule that fails, with the rule's message", () => {
        const spec = { keys: ["example.com/other"], alias: "ubuntu@1", server: "acme", weight: 0, limits: { pods: 5 } };
        expect(validateCustomResource(pool(spec), VERSION)).to.deep.equal([
            '/spec/keys: label domain "example.com" is restricted',
            "/spec/alias: unknown family",
            "/spec/server: server must be an https URL",
            "/spec/weight: failed rule: self >= 1 && self <= 100",
            "/spec/limits: pods is not a limit",
        ]);
    });

    it("rejects unknown fields and wrong types instead of pruning them", () => {
        expect(validateCustomResource(pool({ weight: "5", extra: true }), VERSION)).to.deep.equal(["/spec/weight: expected integer, got string", "/spec/extra: unknown field"]);
    });

    it("requires a name", () => {
        expect(validateCustomResource({ apiVersion: "example.com/v1", kind: "Pool", spec: {} }, VERSION)).to.deep.equal(["/metadata/name: required"]);
    });
});
