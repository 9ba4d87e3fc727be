import { expect } from "chai";
import type { GraphResource } from "../../tools/plan/graph.js";
import { estimateMonthlyCost } from "../../tools/plan/cost.js";
import { PRICES } from "../../tools/plan/prices.js";

function res(type: string, name: string, plainInputs: Record<string, unknown> = {}): GraphResource {
    return { type, name, urn: `urn:pulumi:test::p::${type}::${name}`, custom: true, remote: false, parent: undefined, dependencies: [], plainInputs };
}

const vpc = { ...res("awsx:ec2:Vpc", "vpc", { availabilityZoneNames: ["a", "b", "c"] }), custom: false, remote: true } as GraphResource;
const controller = (spec: Record<string, unknown> | undefined) =>
    res("kubernetes:helm.sh/v3:Release", "lbc", {
        chart: "aws-load-balancer-controller",
        values: { ingressClass: "alb", createIngressClassResource: true, ingressClassParams: { create: true, name: "alb", ...(spec ? { spec } : {}) } },
    });
const ingress = (name: string, annotations: Record<string, string> = {}, ingressClassName = "alb") =>
    res("kubernetes:networking.k8s.io/v1:Ingress", name, { metadata: { name, annotations }, spec: { ingressClassName } });
const monthly = (resources: GraphResource[], prefix: string) =>
    estimateMonthlyCost(resources, "eu-west-1")!.items.find((i) => i.item.startsWith(prefix))?.monthlyUsd;

describe("plan: load-balancing cost", () => {
    it("prices eu-west-1's ALB hour and LCU, WAF web ACL, rule and requests, and Route 53 queries", () => {
        const p = PRICES["eu-west-1"]!;
        expect([p.albHour.usd, p.albLcuHour.usd, p.wafWebAclMonth.usd, p.wafRuleMonth.usd, p.wafMillionRequests.usd, p.route53MillionQueries.usd]).to.deep.equal([
            0.0252, 0.008, 5, 1, 0.6, 0.4,
        ]);
    });

    it("counts one ALB for every Ingress of a grouped class, with a public address per AZ when internet-facing", () => {
        const grouped = [vpc, controller({ scheme: "internet-facing", group: { name: "platform" } }), ingress("a"), ingress("b")];
        expect(monthly(grouped, "Application Load Balancers")).to.equal(18.4);
        expect(monthly(grouped, "ALB capacity units")).to.equal(1.17);
        expect(monthly(grouped, "ALB public IPv4")).to.equal(10.95);
    });

    it("counts an ALB per Ingress without a group, internal by default, and none for other classes or without Ingresses", () => {
        const ungrouped = [vpc, controller(undefined), ingress("a"), ingress("b", { "alb.ingress.kubernetes.io/scheme": "internet-facing" }), ingress("t", {}, "traefik")];
        expect(monthly(ungrouped, "Application Load Balancers")).to.equal(36.79);
        expect(monthly(ungrouped, "ALB public IPv4")).to.equal(10.95);
        expect(monthly([vpc, controller({ scheme: "internet-facing", group: { name: "g" } })], "Application Load Balancers")).to.equal(undefined);
    });

    it("prices each web ACL with its rules and the assumed requests", () => {
        const acl = res("aws:wafv2/webAcl:WebAcl", "acl", { rules: [{ name: "a" }, { name: "b" }, { name: "c" }] });
        expect(monthly([acl], "WAF web ACLs")).to.equal(5);
        expect(monthly([acl], "WAF rules")).to.equal(3);
        expect(monthly([acl], "WAF requests")).to.equal(0.6);
    });

    it("prices Route 53 queries once the stack writes records", () => {
        expect(monthly([res("aws:route53/record:Record", "r")], "Route 53 queries")).to.equal(0.4);
        expect(monthly([vpc], "Route 53 queries")).to.equal(undefined);
    });
});
