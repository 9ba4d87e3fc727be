import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

const INGRESS = { enabled: true, domain: "example.com", hostedZoneId: "Z0123456789EXAMPLEZONE", acmeEmail: "platform-team@example.com" };

function withLb(tier: "dev" | "prod", loadBalancing: Record<string, unknown>, ingress: Record<string, unknown> = INGRESS) {
    return { ...minimal(tier), ingress, loadBalancing };
}

describe("loadBalancing config", () => {
    describe("tier defaults", () => {
        it("dev: controller on, ALB group without WAF, the seed's example Ingress, external-dns syncing", () => {
            expect(parse(minimal("dev")).loadBalancing).to.deep.equal({
                controller: { enabled: true, replicas: 2 },
                albGroup: { enabled: true, name: "platform", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", waf: false, exampleIngress: true },
                externalDns: { enabled: true, policy: "sync", interval: "1m" },
            });
        });

        it("prod: WAF on, no example Ingress, external-dns only upserts", () => {
            expect(parse(minimal("prod")).loadBalancing).to.deep.equal({
                controller: { enabled: true, replicas: 2 },
                albGroup: { enabled: true, name: "platform", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", waf: true, exampleIngress: false },
                externalDns: { enabled: true, policy: "upsert-only", interval: "1m" },
            });
        });

        it("each part is a switch a stack can flip", () => {
            const config = parse(withLb("prod", { albGroup: { waf: false }, externalDns: { enabled: false } }));
            expect(config.loadBalancing.albGroup.waf).to.equal(false);
            expect(config.loadBalancing.externalDns.enabled).to.equal(false);
            expect(parse(withLb("dev", { controller: { enabled: false }, albGroup: { enabled: false, exampleIngress: false } })).loadBalancing.controller.enabled).to.equal(false);
        });
    });

    describe("bad input is a config error naming the key", () => {
        it("an ALB group without the controller", () => {
            expect(problemsOf(withLb("dev", { controller: { enabled: false }, albGroup: { exampleIngress: false } }))).to.deep.equal([
                "loadBalancing.albGroup.enabled: needs loadBalancing.controller.enabled: the controller builds the ALB; enable it or set albGroup.enabled to false",
            ]);
        });

        it("the example Ingress without the group, or without the echo server it routes to", () => {
            expect(problemsOf(withLb("dev", { albGroup: { enabled: false } }))).to.deep.equal([
                "loadBalancing.albGroup.exampleIngress: needs loadBalancing.albGroup.enabled: the example joins the ALB group; enable the group or set exampleIngress to false",
            ]);
            expect(problemsOf(withLb("dev", {}, { ...INGRESS, echoApp: false }))).to.deep.equal([
                "loadBalancing.albGroup.exampleIngress: routes to the echo server, which ingress.echoApp: false leaves out; set ingress.echoApp to true or exampleIngress to false",
            ]);
        });

        it("an old TLS policy, a bad group name, one replica, an unknown external-dns policy or interval, an unknown key", () => {
            expect(
                problemsOf(
                    withLb("prod", {
                        controller: { replicas: 1 },
                        albGroup: { sslPolicy: "ELBSecurityPolicy-2016-08", name: "Platform_Group" },
                        externalDns: { policy: "delete-all", interval: "5 minutes" },
                        nlb: true,
                    }),
                ),
            ).to.deep.equal([
                "loadBalancing.controller.replicas: must be at least 2: the controller's webhooks fail Service and Ingress changes while it is down",
                'loadBalancing.albGroup.name: must be 1-63 lowercase letters, digits, - or ., starting and ending with a letter or digit',
                'loadBalancing.albGroup.sslPolicy: must be one of "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", got "ELBSecurityPolicy-2016-08"',
                'loadBalancing.externalDns.policy: must be one of "sync", "upsert-only", "create-only", got "delete-all"',
                'loadBalancing.externalDns.interval: must be a whole number of s, m or h, like "1m"',
                "loadBalancing.nlb: is not a known key; remove it or fix its spelling (README.md#configuration lists every key)",
            ]);
        });
    });
});
