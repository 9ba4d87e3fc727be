import { expect } from "chai";
import { runStack, type RecordedResource, type StackRun } from "../../../engine/engine.js";
import { committedRun } from "../../stack-runs.js";
import { dependsOnTransitively, destroyOrder } from "../../graph.js";
import { jsonInput, podIdentityTrust, resource, resources } from "../../helpers.js";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    service: "kubernetes:core/v1:Service",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    cluster: "eks:index:Cluster",
    vpc: "awsx:ec2:Vpc",
} as const;
const ZONE_ID = "Z0123456789EXAMPLEZONE";
const SUBDOMAIN = { dev: "k8s-eu-west-1-eks-dev.example.com", prod: "k8s-eu-west-1-eks-prod.example.com" };

const release = (run: StackRun, chart: string) =>
    resources(run, T.release).find((r) => r.plainInputs["chart"] === chart) ?? expect.fail(`no ${chart} release`);
const values = (run: StackRun, chart: string) => release(run, chart).plainInputs["values"] as any;

describe("Load balancing (both stacks under the mock engine)", () => {
    let dev: StackRun;
    let prod: StackRun;
    let inTree: StackRun;
    before(async () => {
        dev = await committedRun("dev");
        prod = await committedRun("prod");
        inTree = await runStack({ stack: "dev", configOverrides: { loadBalancing: { controller: { enabled: false }, albGroup: { enabled: false, exampleIngress: false } } } });
    });

    describe("AWS Load Balancer Controller", () => {
        it("installs the chart in kube-system, with the cluster's name, region and VPC", () => {
            for (const [run, stack] of [[dev, "dev"], [prod, "prod"]] as const) {
                const r = release(run, "aws-load-balancer-controller");
                expect(r.plainInputs).to.deep.include({ name: "aws-load-balancer-controller", namespace: "kube-system", version: "3.5.0", skipAwait: false });
                expect(r.plainInputs["repositoryOpts"]).to.deep.equal({ repo: "https://aws.github.io/eks-charts" });
                const v = values(run, "aws-load-balancer-controller");
                expect(v.clusterName).to.equal(`eks-${stack}`);
                expect(v.region).to.equal("eu-west-1");
                expect(v.vpcId).to.equal(run.outputs["vpcId"]);
                expect(v.replicaCount).to.equal(2);
            }
        });

        it("assumes its role through Pod Identity, for its own service account only, with upstream's policy inline", () => {
            const role = resource(prod, T.role, "load-balancer-controller-iam-role");
            expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "kube-system", "aws-load-balancer-controller"));
            expect(jsonInput(resource(prod, T.rolePolicy, "load-balancer-controller-iam-policy"), "policy").Statement).to.have.length(16);
            const association = resource(prod, T.association, "load-balancer-controller-iam-association");
            expect(association.dependencies).to.include(resource(prod, T.rolePolicy, "load-balancer-controller-iam-policy").urn);
            expect(association.plainInputs).to.deep.include({
                clusterName: "eks-prod",
                namespace: "kube-system",
                serviceAccount: "aws-load-balancer-controller",
            });
        });

        it("starts only after its association and on the system nodes", () => {
            const chart = release(prod, "aws-load-balancer-controller");
            expect(dependsOnTransitively(prod, chart, resource(prod, T.association, "load-balancer-controller-iam-association"))).to.equal(true);
            expect(chart.dependencies.some((d) => d.includes("eks:index:ManagedNodeGroup") || d.includes("aws:eks/nodeGroup:NodeGroup"))).to.equal(true);
        });

        it("is absent with loadBalancing.controller.enabled false, and Traefik falls back to the in-tree NLB", () => {
            expect(resources(inTree, T.release).filter((r) => r.plainInputs["chart"] === "aws-load-balancer-controller")).to.deep.equal([]);
            expect(resources(inTree, T.ingress)).to.deep.equal([]);
            expect(values(inTree, "traefik").service.annotations).to.deep.equal({
                "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
            });
        });
    });

    describe("Traefik behind the controller's NLB", () => {
        it("trusts proxy protocol headers from the stack's VPC CIDR only", () => {
            expect(values(dev, "traefik").ports.websecure.proxyProtocol).to.deep.equal({ trustedIPs: ["10.0.0.0/16"] });
            expect(values(prod, "traefik").ports.web.proxyProtocol).to.deep.equal({ trustedIPs: ["10.10.0.0/16"] });
        });

        it("replaces the in-tree NLB rather than adding one: one LoadBalancer Service per stack", () => {
            for (const run of [dev, prod]) {
                const lbServices = resources(run, T.release).filter((r) => (r.plainInputs["values"] as any)?.service?.spec?.type === "LoadBalancer");
                expect(lbServices.map((r) => r.plainInputs["chart"])).to.deep.equal(["traefik"]);
            }
        });
    });

    describe("ALB ingress group", () => {
        it("requests one ACM certificate for <subdomain> and *.<subdomain>, validated by DNS in the stack's zone and waited for", () => {
            const cert = resource(prod, T.certificate, "alb-group-aws-certificate");
            expect(cert.plainInputs).to.deep.include({
                domainName: SUBDOMAIN.prod,
                subjectAlternativeNames: [`*.${SUBDOMAIN.prod}`],
                validationMethod: "DNS",
            });
            const record = resource(prod, T.record, "alb-group-aws-validation");
            expect(record.plainInputs).to.deep.include({ zoneId: ZONE_ID, type: "CNAME", ttl: 300 });
            expect(String(record.plainInputs["name"])).to.match(new RegExp(`^_[0-9a-f]{32}\\.${SUBDOMAIN.prod.replace(/\./g, "\\.")}\\.$`));
            const validation = resource(prod, T.validation, "alb-group-aws-certificate-validation");
            expect(validation.dependencies).to.include(record.urn);
            // The controller's chart gets the ARN only once ACM has issued it.
            expect(dependsOnTransitively(prod, release(prod, "aws-load-balancer-controller"), validation)).to.equal(true);
        });

        it("attaches a WAF web ACL with AWS managed rules in prod and none in dev", () => {
            const acl = resource(prod, T.webAcl);
            expect(acl.plainInputs).to.deep.include({ name: "eks-prod-platform", scope: "REGIONAL", defaultAction: { allow: {} } });
            expect((acl.plainInputs["rules"] as any[]).map((r) => r.name)).to.include.members(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]);
            expect(values(prod, "aws-load-balancer-controller").ingressClassParams.spec.wafv2AclArn).to.equal(prod.outputs["albWebAclArn"]);
            expect(resources(dev, T.webAcl)).to.deep.equal([]);
            expect(values(dev, "aws-load-balancer-controller").ingressClassParams.spec).to.not.have.property("wafv2AclArn");
        });

        it("makes every alb Ingress join the one internet-facing group on HTTPS with a modern policy and redirect", () => {
            const spec = values(dev, "aws-load-balancer-controller").ingressClassParams.spec;
            expect(spec).to.deep.include({
                scheme: "internet-facing",
                group: { name: "platform" },
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                sslRedirectPort: "443",
                targetType: "ip",
            });
            expect(spec.certificateArn).to.deep.equal([dev.outputs["albCertificateArn"]]);
        });
    });

    describe("the seed's example Ingress", () => {
        it("is in dev only: class alb, /v1/algo/ Prefix to the echo server, ip targets, at algo.<subdomain>", () => {
            expect(resources(prod, T.ingress)).to.deep.equal([]);
            const ingress = resource(dev, T.ingress, "example-alb-ingress-ingress");
            const meta = ingress.plainInputs["metadata"] as any;
            expect(meta).to.deep.include({ name: "execution-engine", namespace: "echo" });
            expect(meta.annotations).to.deep.equal({
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/healthcheck-path": "/health",
            });
            expect(ingress.plainInputs["spec"]).to.deep.equal({
                ingressClassName: "alb",
                rules: [
                    {
                        host: `algo.${SUBDOMAIN.dev}`,
                        http: { paths: [{ path: "/v1/algo/", pathType: "Prefix", backend: { service: { name: "echo", port: { number: 80 } } } }] },
                    },
                ],
            });
            expect(dev.outputs["exampleAlbIngressUrl"]).to.equal(`https://algo.${SUBDOMAIN.dev}/v1/algo/`);
            expect(prod.outputs).to.not.have.property("exampleAlbIngressUrl");
        });
    });

    describe("external-dns", () => {
        it("syncs in dev and only upserts in prod, for the cluster subdomain, owned by the cluster name", () => {
            expect(values(dev, "external-dns")).to.deep.include({ policy: "sync", txtOwnerId: "eks-dev", domainFilters: [SUBDOMAIN.dev] });
            expect(values(prod, "external-dns")).to.deep.include({ policy: "upsert-only", txtOwnerId: "eks-prod", domainFilters: [SUBDOMAIN.prod] });
            expect(values(prod, "external-dns").sources).to.deep.equal(["service", "ingress", "traefik-proxy"]);
        });

        it("may change records under the subdomain in the one zone, list its records and tags, and list zones", () => {
            const policy = jsonInput(resource(prod, T.rolePolicy, "external-dns-iam-policy"), "policy");
            expect(policy.Statement).to.deep.equal([
                {
                    Sid: "RecordsUnderClusterSubdomain",
                    Effect: "Allow",
                    Action: "route53:ChangeResourceRecordSets",
                    Resource: `arn:aws:route53:::hostedzone/${ZONE_ID}`,
                    Condition: {
                        "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`*.${SUBDOMAIN.prod}`] },
                        "ForAllValues:StringEquals": {
                            "route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA", "CNAME", "TXT"],
                            // upsert-only in prod: IAM refuses deletions too.
                            "route53:ChangeResourceRecordSetsActions": ["CREATE", "UPSERT"],
                        },
                    },
                },
                { Sid: "ReadClusterZone", Effect: "Allow", Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"], Resource: `arn:aws:route53:::hostedzone/${ZONE_ID}` },
                { Sid: "FindZones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
            ]);
            const devChange = jsonInput(resource(dev, T.rolePolicy, "external-dns-iam-policy"), "policy").Statement[0];
            expect(devChange.Condition["ForAllValues:StringEquals"]["route53:ChangeResourceRecordSetsActions"]).to.deep.equal(["CREATE", "UPSERT", "DELETE"]);
            const role = resource(prod, T.role, "external-dns-iam-role");
            expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "external-dns", "external-dns"));
        });

        it("never writes a name Pulumi writes: Pulumi keeps the apex and the wildcard, external-dns what sources ask for below them", () => {
            for (const [run, stack] of [[dev, "dev"], [prod, "prod"]] as const) {
                const pulumiNames = resources(run, T.record).map((r) => String(r.plainInputs["name"]));
                expect(pulumiNames).to.include.members([SUBDOMAIN[stack], `*.${SUBDOMAIN[stack]}`]);
                const hosts = resources(run, T.ingress).flatMap((r) => ((r.plainInputs["spec"] as any).rules as any[]).map((rule) => rule.host as string));
                for (const host of hosts) {
                    expect(pulumiNames, host).to.not.include(host);
                    expect(host.endsWith(`.${SUBDOMAIN[stack]}`), host).to.equal(true);
                }
            }
        });
    });

    describe("teardown order on the recorded graph", () => {
        const byName = (run: StackRun, type: string, name: string) => resource(run, type, name);

        it("deletes every alb Ingress and LoadBalancer Service before the controller, the controller before the cluster, the cluster before the VPC", () => {
            for (const run of [dev, prod]) {
                const controller = release(run, "aws-load-balancer-controller");
                const traefik = release(run, "traefik");
                const cluster = resource(run, T.cluster);
                const vpc = resource(run, T.vpc);
                const dependents: RecordedResource[] = [traefik, ...resources(run, T.ingress)];
                for (const r of dependents) expect(dependsOnTransitively(run, r, controller), r.name).to.equal(true);
                expect(dependsOnTransitively(run, controller, cluster)).to.equal(true);
                expect(dependsOnTransitively(run, cluster, vpc)).to.equal(true);
                const order = destroyOrder(run);
                const at = (r: RecordedResource) => order.indexOf(r.urn);
                for (const r of dependents) expect(at(r), r.name).to.be.lessThan(at(controller));
                expect(at(controller)).to.be.lessThan(at(cluster));
                expect(at(cluster)).to.be.lessThan(at(vpc));
            }
        });

        it("deletes the example Ingress while external-dns still runs and reacts to events (dev syncs deletions)", () => {
            const ingress = byName(dev, T.ingress, "example-alb-ingress-ingress");
            expect(dependsOnTransitively(dev, ingress, release(dev, "external-dns"))).to.equal(true);
            expect(values(dev, "external-dns").triggerLoopOnEvent).to.equal(true);
        });

        it("uninstalls Traefik with helm's wait, so its Service (and the controller's finalizer on it) is gone before the controller", () => {
            for (const run of [dev, prod]) expect(release(run, "traefik").plainInputs["skipAwait"]).to.equal(false);
            expect(release(prod, "aws-load-balancer-controller").plainInputs["skipAwait"]).to.equal(false);
        });

        it("outputs the check for records external-dns still owns after destroy (prod only upserts, so it never deletes)", () => {
            expect(prod.outputs["externalDnsLeftoversCommand"]).to.equal(
                `aws route53 list-resource-record-sets --hosted-zone-id ${ZONE_ID} --query "ResourceRecordSets[?Type=='TXT' && contains(to_string(ResourceRecords), 'external-dns/owner=eks-prod')].Name" --output text`,
            );
        });

        it("keeps the certificate and web ACL until the controller, which uses them, is gone", () => {
            const controller = release(prod, "aws-load-balancer-controller");
            expect(dependsOnTransitively(prod, controller, resource(prod, T.webAcl))).to.equal(true);
            expect(dependsOnTransitively(prod, controller, resource(prod, T.certificate))).to.equal(true);
        });
    });
});
