import { expect } from "chai";
import { awsElbAlbInternetFacingThroughGroup } from "../../../policies/aws/rules/elb/alb-internet-facing-through-group.js";
import { awsElbHttpsModernTlsPolicy } from "../../../policies/aws/rules/elb/https-modern-tls-policy.js";
import { awsRoute53ChangeRecordsInOneZone } from "../../../policies/aws/rules/route53/change-records-in-one-zone.js";
import { awsWafv2WebAclAttached } from "../../../policies/aws/rules/wafv2/web-acl-attached.js";
import { mutate, UNKNOWN, violations } from "../helpers.js";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const MODERN = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const FIX =
    "use one of ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06, ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06, ELBSecurityPolicy-TLS13-1-3-2021-06";

/** The controller's release as this platform builds it in prod. */
const controller = {
    name: "aws-load-balancer-controller",
    chart: "aws-load-balancer-controller",
    version: "3.5.0",
    values: {
        defaultSSLPolicy: MODERN,
        createIngressClassResource: true,
        ingressClass: "alb",
        ingressClassParams: {
            create: true,
            name: "alb",
            spec: {
                scheme: "internet-facing",
                group: { name: "platform" },
                certificateArn: [UNKNOWN],
                sslPolicy: MODERN,
                sslRedirectPort: "443",
                wafv2AclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/eks-prod-platform/abc",
            },
        },
    },
};
const ingress = {
    metadata: { name: "execution-engine", namespace: "echo", annotations: { "alb.ingress.kubernetes.io/target-type": "ip" } },
    spec: { ingressClassName: "alb", rules: [] },
};
const alb = { loadBalancerType: "application", internal: true, subnets: ["subnet-1", "subnet-2"] };
const listener = { protocol: "HTTPS", port: 443, sslPolicy: MODERN, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x" };
const zonePolicy = (resource: unknown, action: unknown = "route53:ChangeResourceRecordSets") =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Records", Effect: "Allow", Action: action, Resource: resource }] });

describe("load-balancing rules", () => {
    describe("aws-elb-alb-internet-facing-through-group", () => {
        const rule = awsElbAlbInternetFacingThroughGroup;

        it("passes the platform's controller, an Ingress of its class, and an internal ALB", async () => {
            expect(await violations(rule, RELEASE, controller)).to.deep.equal([]);
            expect(await violations(rule, INGRESS, ingress)).to.deep.equal([]);
            expect(await violations(rule, LB, alb)).to.deep.equal([]);
            expect(await violations(rule, LB, { ...alb, loadBalancerType: "network", internal: false })).to.deep.equal([]);
        });

        it("rejects internet-facing IngressClassParams without a group", async () => {
            expect(await violations(rule, RELEASE, mutate(controller, "values.ingressClassParams.spec.group", undefined))).to.deep.equal([
                "The alb IngressClassParams make every Ingress internet-facing but set no group, so each Ingress gets an ALB of its own: set ingressClassParams.spec.group.name.",
            ]);
        });

        it("rejects an Ingress that asks for internet-facing by annotation", async () => {
            expect(await violations(rule, INGRESS, mutate(ingress, "metadata.annotations", { "alb.ingress.kubernetes.io/scheme": "internet-facing" }))).to.deep.equal([
                "Ingress execution-engine asks for an internet-facing ALB by annotation: remove alb.ingress.kubernetes.io/scheme and use ingressClassName alb, whose ingress group sets the scheme.",
            ]);
        });

        it("rejects an ALB built outside the controller unless internal", async () => {
            const message = "An internet-facing ALB is built outside the ingress group: set internal to true, or serve it through an Ingress of class alb.";
            expect(await violations(rule, LB, mutate(alb, "internal", false))).to.deep.equal([message]);
            expect(await violations(rule, LB, mutate(alb, "loadBalancerType", undefined))).to.deep.equal([]);
            expect(await violations(rule, LB, mutate(mutate(alb, "loadBalancerType", undefined), "internal", undefined))).to.deep.equal([message]);
        });
    });

    describe("aws-elb-https-modern-tls-policy", () => {
        const rule = awsElbHttpsModernTlsPolicy;

        it("passes TLS 1.3 policies on the controller, the class, an Ingress and a listener; skips HTTP listeners", async () => {
            expect(await violations(rule, RELEASE, controller)).to.deep.equal([]);
            expect(await violations(rule, INGRESS, mutate(ingress, "metadata.annotations", { "alb.ingress.kubernetes.io/ssl-policy": MODERN }))).to.deep.equal([]);
            expect(await violations(rule, LISTENER, listener)).to.deep.equal([]);
            expect(await violations(rule, LISTENER, { protocol: "HTTP", port: 80 })).to.deep.equal([]);
        });

        it("rejects a controller without defaultSSLPolicy, whose default is ELBSecurityPolicy-2016-08", async () => {
            expect(await violations(rule, RELEASE, mutate(controller, "values.defaultSSLPolicy", undefined))).to.deep.equal([
                `The controller's defaultSSLPolicy is not set, so ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1) applies: ${FIX}.`,
            ]);
        });

        it("rejects an old policy on the class, an Ingress and a listener", async () => {
            expect(await violations(rule, RELEASE, mutate(controller, "values.ingressClassParams.spec.sslPolicy", "ELBSecurityPolicy-2016-08"))).to.deep.equal([
                `The alb IngressClassParams' sslPolicy is ELBSecurityPolicy-2016-08: ${FIX}.`,
            ]);
            expect(
                await violations(rule, INGRESS, mutate(ingress, "metadata.annotations", { "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS-1-1-2017-01" })),
            ).to.deep.equal([`Ingress execution-engine's alb.ingress.kubernetes.io/ssl-policy is ELBSecurityPolicy-TLS-1-1-2017-01: ${FIX}.`]);
            expect(await violations(rule, LISTENER, mutate(listener, "sslPolicy", "ELBSecurityPolicy-2016-08"))).to.deep.equal([
                `The HTTPS listener's sslPolicy is ELBSecurityPolicy-2016-08: ${FIX}.`,
            ]);
            expect(await violations(rule, LISTENER, mutate(listener, "sslPolicy", undefined))).to.deep.equal([
                `The HTTPS listener's sslPolicy is not set, so ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1) applies: ${FIX}.`,
            ]);
        });

        it("ignores charts other than the controller's", async () => {
            expect(await violations(rule, RELEASE, { chart: "traefik", version: "41.3.0", values: {} })).to.deep.equal([]);
        });
    });

    describe("aws-wafv2-web-acl-attached", () => {
        const rule = awsWafv2WebAclAttached;
        const message = "The internet-facing alb ingress group has no WAF web ACL: set loadBalancing.albGroup.waf to true (ingressClassParams.spec.wafv2AclArn).";

        it("passes a group with a web ACL by ARN, one only known after the update, or by name", async () => {
            expect(await violations(rule, RELEASE, controller)).to.deep.equal([]);
            expect(await violations(rule, RELEASE, mutate(controller, "values.ingressClassParams.spec.wafv2AclArn", UNKNOWN))).to.deep.equal([]);
            const byName = mutate(mutate(controller, "values.ingressClassParams.spec.wafv2AclArn", undefined), "values.ingressClassParams.spec.wafv2AclName", "platform");
            expect(await violations(rule, RELEASE, byName)).to.deep.equal([]);
        });

        it("rejects a group without a web ACL, or with 'none'", async () => {
            expect(await violations(rule, RELEASE, mutate(controller, "values.ingressClassParams.spec.wafv2AclArn", undefined))).to.deep.equal([message]);
            expect(await violations(rule, RELEASE, mutate(controller, "values.ingressClassParams.spec.wafv2AclArn", "none"))).to.deep.equal([message]);
        });

        it("does not apply to an internal class or a controller without a class", async () => {
            expect(await violations(rule, RELEASE, mutate(controller, "values.ingressClassParams.spec.scheme", "internal"))).to.deep.equal([]);
            expect(await violations(rule, RELEASE, mutate(controller, "values.createIngressClassResource", false))).to.deep.equal([]);
        });
    });

    describe("aws-route53-change-records-in-one-zone", () => {
        const rule = awsRoute53ChangeRecordsInOneZone;
        const zone = "arn:aws:route53:::hostedzone/Z0123456789EXAMPLEZONE";

        it("passes record changes in one named zone, reads anywhere, and a zone ARN only known after the update", async () => {
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy(zone) })).to.deep.equal([]);
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy("*", "route53:ListHostedZones") })).to.deep.equal([]);
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy(UNKNOWN) })).to.deep.equal([]);
        });

        it("rejects changes on every zone or on *", async () => {
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy("arn:aws:route53:::hostedzone/*") })).to.deep.equal([
                "the policy, statement Records, allows route53:ChangeResourceRecordSets on arn:aws:route53:::hostedzone/*: name the one zone, arn:aws:route53:::hostedzone/<zone id>.",
            ]);
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy("*") })).to.deep.equal([
                "the policy, statement Records, allows route53:ChangeResourceRecordSets on *: name the one zone, arn:aws:route53:::hostedzone/<zone id>.",
            ]);
        });

        it("sees the action through wildcards", async () => {
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy("*", "route53:Change*") })).to.have.length(1);
            expect(await violations(rule, ROLE_POLICY, { role: "r", policy: zonePolicy("*", ["route53:*"]) })).to.have.length(1);
        });
    });
});
