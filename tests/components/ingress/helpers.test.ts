import { expect } from "chai";
import { LETSENCRYPT_SERVERS } from "../../../domain/acme.js";
import { clusterIssuer, wildcardCertificate } from "../../../components/ingress/issuers.js";
import { CNAME_TTL, ingressRecordNames, isNetworkLoadBalancerHostname, recordTarget } from "../../../components/ingress/dns-records.js";
import { dnsNameProblem, ingressHostnames, subdomainProblem } from "../../../domain/hostnames.js";
import { certManagerRoute53Policy, hostedZoneArn } from "../../../components/ingress/route53-policy.js";
import { basicAuthMiddleware, dashboardRoutes, defaultTlsStore, httpsRedirectMiddleware, serviceRoute } from "../../../components/ingress/traefik-routes.js";

const NLB = "a8982cec35006147cc17e7d561a27ff7-bc53f2bf82af924b.elb.eu-west-1.amazonaws.com";

describe("ingress helpers", () => {
    describe("hostnames", () => {
        it("puts everything under k8s-<region>-<cluster>.<domain>", () => {
            expect(ingressHostnames("eu-west-1", "eks-dev", "example.com")).to.deep.equal({
                subdomain: "k8s-eu-west-1-eks-dev.example.com",
                wildcard: "*.k8s-eu-west-1-eks-dev.example.com",
                dashboard: "traefik.k8s-eu-west-1-eks-dev.example.com",
                echo: "echo.k8s-eu-west-1-eks-dev.example.com",
            });
        });

        it("lowercases a cluster name with capitals, since DNS ignores case", () => {
            expect(ingressHostnames("us-east-1", "Platform", "example.org").subdomain).to.equal("k8s-us-east-1-platform.example.org");
        });

        it("accepts ordinary domains and rejects what Route 53 records cannot be named after", () => {
            for (const ok of ["example.com", "platform.example.co.uk", "a-b.example.io", "xn--bcher-kva.example"]) {
                expect(dnsNameProblem(ok), ok).to.equal(undefined);
            }
            expect(dnsNameProblem("example")).to.match(/is not a DNS domain/);
            expect(dnsNameProblem("example.com.")).to.match(/trailing dot/);
            expect(dnsNameProblem("Example.com")).to.match(/write it in lowercase, like example\.com/);
            expect(dnsNameProblem("exa_mple.com")).to.match(/"exa_mple" is not a label/);
            expect(dnsNameProblem("-bad.example.com")).to.match(/"-bad" is not a label/);
            expect(dnsNameProblem("example..com")).to.match(/"" is not a label/);
            expect(dnsNameProblem(`${"a".repeat(64)}.com`)).to.match(/is not a label/);
            expect(dnsNameProblem(`${"a.".repeat(127)}com`)).to.match(/at most 253/);
        });

        it("refuses a subdomain label that is not a DNS label", () => {
            expect(subdomainProblem("eu-west-1", "eks_dev", "example.com")).to.match(/^the ingress subdomain "k8s-eu-west-1-eks_dev"/);
            expect(subdomainProblem("eu-west-1", "c".repeat(60), "example.com")).to.match(/shorten or rename cluster\.name/);
            expect(subdomainProblem("eu-west-1", "eks-dev", "example.com")).to.equal(undefined);
            expect(() => ingressHostnames("eu-west-1", "eks_dev", "example.com")).to.throw(/cluster\.name/);
        });

        it("leaves room under the subdomain for cert-manager's _acme-challenge record, the longest name written there", () => {
            // 220 characters: traefik.<subdomain> fits in 253, _acme-challenge.<subdomain> does not.
            const domain = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(24)}.com`;
            expect(domain).to.have.length(220);
            expect(dnsNameProblem(domain)).to.equal(undefined);
            expect(`traefik.k8s-eu-west-1-eks-dev.${domain}`.length).to.be.at.most(253);
            expect(subdomainProblem("eu-west-1", "eks-dev", domain)).to.match(/^_acme-challenge\.k8s-eu-west-1-eks-dev\.a+\..* is longer than 253 characters/);
        });
    });

    describe("cert-manager's Route 53 policy", () => {
        it("allows UPSERT and DELETE of _acme-challenge TXT records in the one zone, and change status, nothing else", () => {
            expect(certManagerRoute53Policy({ partition: "aws" }, "Z0123456789EXAMPLEZONE")).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ReadChangeStatus", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
                    {
                        Sid: "ChallengeRecordsInClusterZone",
                        Effect: "Allow",
                        Action: "route53:ChangeResourceRecordSets",
                        Resource: "arn:aws:route53:::hostedzone/Z0123456789EXAMPLEZONE",
                        Condition: {
                            "ForAllValues:StringEquals": {
                                "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                                "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                            },
                            "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
                        },
                    },
                ],
            });
        });

        it("grants exactly the Route 53 calls cert-manager v1.21.1's solver makes when the issuer names the zone", () => {
            // pkg/issuer/acme/dns/route53/route53.go at v1.21.1: ChangeResourceRecordSets and GetChange;
            // ListHostedZonesByName only without hostedZoneID (every issuer here sets it).
            const actions = (certManagerRoute53Policy({ partition: "aws" }, "Z1").Statement as any[]).flatMap((s) => [s.Action].flat());
            expect(actions.sort()).to.deep.equal(["route53:ChangeResourceRecordSets", "route53:GetChange"]);
        });

        it("writes zone ARNs in the stack's partition", () => {
            expect(hostedZoneArn({ partition: "aws-cn" }, "Z1")).to.equal("arn:aws-cn:route53:::hostedzone/Z1");
        });
    });

    describe("DNS records", () => {
        it("are the subdomain and its wildcard", () => {
            expect(ingressRecordNames(ingressHostnames("eu-west-1", "eks-dev", "example.com"))).to.deep.equal([
                { role: "apex", name: "k8s-eu-west-1-eks-dev.example.com" },
                { role: "wildcard", name: "*.k8s-eu-west-1-eks-dev.example.com" },
            ]);
        });

        it("alias an NLB of the region with its canonical zone", () => {
            expect(recordTarget(NLB, "eu-west-1", "Z2IFOLAFXWLO4F")).to.deep.equal({
                type: "A",
                aliases: [{ name: NLB, zoneId: "Z2IFOLAFXWLO4F", evaluateTargetHealth: true }],
            });
        });

        it("fall back to a CNAME for a hostname that is not an NLB of the region", () => {
            // A Classic Load Balancer's name has the region first; an NLB of another region has another zone.
            for (const other of ["abc-123.eu-west-1.elb.amazonaws.com", NLB.replace("eu-west-1", "us-east-1")]) {
                expect(recordTarget(other, "eu-west-1", "Z2IFOLAFXWLO4F")).to.deep.equal({ type: "CNAME", records: [other], ttl: CNAME_TTL });
            }
            expect(isNetworkLoadBalancerHostname("lb-0123456789abcdef.elb.cn-north-1.amazonaws.com.cn", "cn-north-1")).to.equal(true);
        });
    });

    describe("cert-manager objects", () => {
        const options = { email: "ops@example.com", hostedZoneId: "Z0123456789EXAMPLEZONE", region: "eu-west-1", dnsZone: "k8s-eu-west-1-eks-dev.example.com" };

        it("a ClusterIssuer per Let's Encrypt environment, DNS-01 in the zone, limited to the subdomain", () => {
            expect(clusterIssuer({ ...options, environment: "production" }).toJSON()).to.deep.equal({
                apiVersion: "cert-manager.io/v1",
                kind: "ClusterIssuer",
                metadata: { name: "letsencrypt-production" },
                spec: {
                    acme: {
                        server: "https://acme-v02.api.letsencrypt.org/directory",
                        email: "ops@example.com",
                        privateKeySecretRef: { name: "letsencrypt-production-account-key" },
                        solvers: [
                            {
                                selector: { dnsZones: ["k8s-eu-west-1-eks-dev.example.com"] },
                                dns01: { route53: { region: "eu-west-1", hostedZoneID: "Z0123456789EXAMPLEZONE" } },
                            },
                        ],
                    },
                },
            });
            expect(clusterIssuer({ ...options, environment: "staging" }).spec.acme?.server).to.equal(LETSENCRYPT_SERVERS.staging);
            expect(LETSENCRYPT_SERVERS.staging).to.equal("https://acme-staging-v02.api.letsencrypt.org/directory");
        });

        it("refuses an issuer its CRD schema would reject", () => {
            expect(() => clusterIssuer({ ...options, environment: "nightly" as "staging" })).to.throw();
        });

        it("a wildcard certificate from the chosen ClusterIssuer", () => {
            const certificate = wildcardCertificate({
                name: "wildcard",
                namespace: "traefik",
                secretName: "wildcard-tls",
                issuer: "staging",
                dnsNames: ["*.k8s-eu-west-1-eks-dev.example.com", "k8s-eu-west-1-eks-dev.example.com"],
            });
            expect(certificate.spec?.issuerRef).to.deep.equal({ name: "letsencrypt-staging", kind: "ClusterIssuer", group: "cert-manager.io" });
            expect(certificate.spec?.secretName).to.equal("wildcard-tls");
            expect(certificate.metadata?.namespace).to.equal("traefik");
        });
    });

    describe("Traefik objects", () => {
        it("the default TLS store is named default and points at the certificate's Secret", () => {
            expect(defaultTlsStore("traefik", "wildcard-tls").toJSON()).to.deep.equal({
                apiVersion: "traefik.io/v1alpha1",
                kind: "TLSStore",
                metadata: { name: "default", namespace: "traefik" },
                spec: { defaultCertificate: { secretName: "wildcard-tls" } },
            });
        });

        it("middlewares for basic auth from a Secret and a permanent HTTPS redirect", () => {
            expect(basicAuthMiddleware("auth", "traefik", "creds", "realm").spec.basicAuth).to.deep.equal({ secret: "creds", realm: "realm", removeHeader: true });
            expect(httpsRedirectMiddleware("redirect", "traefik").spec.redirectScheme).to.deep.equal({ scheme: "https", permanent: true });
        });

        it("the dashboard routes: authenticated on websecure with TLS, redirect-only on web", () => {
            const { https, http } = dashboardRoutes({ namespace: "traefik", host: "traefik.x.example.com", basicAuth: "auth", httpsRedirect: "redirect" });
            expect(https.spec.entryPoints).to.deep.equal(["websecure"]);
            expect(https.spec.tls).to.deep.equal({});
            expect(https.spec.routes).to.deep.equal([
                { match: "Host(`traefik.x.example.com`)", kind: "Rule", middlewares: [{ name: "auth" }], services: [{ name: "api@internal", kind: "TraefikService" }] },
            ]);
            expect(http.spec.entryPoints).to.deep.equal(["web"]);
            expect(http.spec.tls).to.equal(undefined);
            expect(http.spec.routes[0]?.middlewares).to.deep.equal([{ name: "redirect" }]);
        });

        it("a service route is HTTPS-only for its host", () => {
            const route = serviceRoute("echo", "echo", "echo.x.example.com", { name: "echo", port: 80 });
            expect(route.spec).to.deep.equal({
                entryPoints: ["websecure"],
                routes: [{ match: "Host(`echo.x.example.com`)", kind: "Rule", services: [{ name: "echo", port: 80 }] }],
                tls: {},
            });
        });
    });
});
