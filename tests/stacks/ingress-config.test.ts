import { expect } from "chai";
import { ingressEnabled } from "../../stacks/schema/ingress.js";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

const GOOD = { enabled: true, domain: "example.com", hostedZoneId: "Z0123456789EXAMPLEZONE", acmeEmail: "platform-team@example.com" };

function withIngress(tier: "dev" | "prod", ingress: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return { ...minimal(tier), ...extra, ingress };
}


describe("ingress config", () => {
    describe("defaults", () => {
        it("is off unless the stack turns it on, so a stack without a domain still parses", () => {
            const config = parse(minimal("dev"));
            expect(config.ingress.enabled).to.equal(false);
            expect(ingressEnabled(config.ingress)).to.equal(false);
        });

        it("dev: staging issuer, two Traefik replicas, echo server on", () => {
            const config = parse(withIngress("dev", GOOD));
            expect(config.ingress).to.deep.equal({ ...GOOD, issuer: "staging", traefikReplicas: 2, dashboardUser: "admin", echoApp: true });
            expect(ingressEnabled(config.ingress)).to.equal(true);
        });

        it("prod: production issuer, three Traefik replicas, no echo server", () => {
            expect(parse(withIngress("prod", GOOD)).ingress).to.deep.include({ issuer: "production", traefikReplicas: 3, echoApp: false });
        });

        it("the issuer is a switch", () => {
            expect(parse(withIngress("dev", { ...GOOD, issuer: "production" })).ingress.issuer).to.equal("production");
        });
    });

    describe("bad input is a config error naming the key", () => {
        it("a domain that is not a DNS name", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, domain: "not a domain" }))).to.deep.equal([
                'ingress.domain: "not a domain" is not a valid DNS name ("not a domain" is not a label of 1-63 letters, digits or inner hyphens); write it like example.com',
            ]);
            expect(problemsOf(withIngress("dev", { ...GOOD, domain: "localhost" }))).to.deep.equal([
                'ingress.domain: "localhost" is not a DNS domain; write a domain with a hosted zone in Route 53, like example.com',
            ]);
            expect(problemsOf(withIngress("dev", { ...GOOD, domain: "example.com." }))).to.deep.equal([
                'ingress.domain: "example.com." ends with a dot; write it without the trailing dot, like example.com',
            ]);
        });

        it("a malformed hosted zone id", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, hostedZoneId: "z-123" }))).to.deep.equal([
                'ingress.hostedZoneId: "z-123" is not a Route 53 hosted zone id: write the zone\'s Id from `aws route53 list-hosted-zones-by-name`, like Z0123456789ABCDEFGHIJ',
            ]);
        });

        it("a zone id pasted with its /hostedzone/ prefix", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, hostedZoneId: "/hostedzone/Z0123456789EXAMPLEZONE" }))[0]).to.match(
                /drop the \/hostedzone\/ prefix and write Z0123456789EXAMPLEZONE$/,
            );
        });

        it("a missing ACME email when ingress is on", () => {
            const { acmeEmail: _omit, ...withoutEmail } = GOOD;
            expect(problemsOf(withIngress("dev", withoutEmail))).to.deep.equal([
                "ingress.acmeEmail: is required when ingress.enabled is true: set it to an email address for Let's Encrypt notices, like platform-team@example.com, or set ingress.enabled to false",
            ]);
        });

        it("every missing key at once when ingress is turned on bare", () => {
            expect(problemsOf(withIngress("prod", { enabled: true })).map((p) => p.split(":")[0])).to.deep.equal([
                "ingress.domain",
                "ingress.hostedZoneId",
                "ingress.acmeEmail",
            ]);
        });

        it("an ACME email that is not an address", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, acmeEmail: "platform-team" }))).to.deep.equal([
                "ingress.acmeEmail: must be an email address Let's Encrypt can send expiry notices to, like platform-team@example.com",
            ]);
        });

        it("an issuer other than staging or production", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, issuer: "prod" }))).to.deep.equal([
                'ingress.issuer: must be one of "staging", "production", got "prod"',
            ]);
        });

        it("a single Traefik replica", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, traefikReplicas: 1 }))).to.deep.equal([
                "ingress.traefikReplicas: must be at least 2: one replica drops traffic whenever its node is drained",
            ]);
        });

        it("a cluster name that cannot be part of the subdomain", () => {
            const cluster = { ...(minimal("dev")["cluster"] as object), name: "eks_dev" };
            expect(problemsOf(withIngress("dev", GOOD, { cluster }))).to.deep.equal([
                'cluster.name: the ingress subdomain "k8s-eu-west-1-eks_dev" (k8s-<region>-<cluster.name>) is not a DNS label: it needs 1-63 letters, digits or hyphens (no _), so shorten or rename cluster.name',
            ]);
        });

        it("an unknown ingress key", () => {
            expect(problemsOf(withIngress("dev", { ...GOOD, hostedZone: "Z1" }))[0]).to.match(/^ingress\.hostedZone: is not a known key/);
        });
    });
});
