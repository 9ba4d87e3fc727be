import { expect } from "chai";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { TLSStore } from "@kubernetes-models/traefik/traefik.io/v1alpha1/TLSStore";
import { runStack, type RecordedResource, type StackRun } from "../../../engine/engine.js";
import { committedRuns } from "../../stack-runs.js";
import { jsonInput, podIdentityTrust, resource, resources } from "../../helpers.js";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    clusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
    certificate: "kubernetes:cert-manager.io/v1:Certificate",
    ingressRoute: "kubernetes:traefik.io/v1alpha1:IngressRoute",
    middleware: "kubernetes:traefik.io/v1alpha1:Middleware",
    tlsStore: "kubernetes:traefik.io/v1alpha1:TLSStore",
    record: "aws:route53/record:Record",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
} as const;

/** Every custom resource kind the ingress creates, with the model that validates it. */
const MODELS: Record<string, (data: any) => { validate(): void }> = {
    [T.clusterIssuer]: (d) => new ClusterIssuer(d),
    [T.certificate]: (d) => new Certificate(d),
    [T.ingressRoute]: (d) => new IngressRoute(d),
    [T.middleware]: (d) => new Middleware(d),
    [T.tlsStore]: (d) => new TLSStore(d),
};

const ZONE_ID = "Z0123456789EXAMPLEZONE";
const SUBDOMAIN = { dev: "k8s-eu-west-1-eks-dev.example.com", prod: "k8s-eu-west-1-eks-prod.example.com" };

/** Strings anywhere in a value, except inside `{ secret: true, value }` markers. */
function plainStrings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(plainStrings);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj["secret"] === true && "value" in obj) return [];
        return Object.values(obj).flatMap(plainStrings);
    }
    return [];
}

describe("Ingress component (both stacks under the mock engine)", () => {
    let dev: StackRun;
    let prod: StackRun;
    before(async () => ([dev, prod] = await committedRuns()));

    const ofIngress = (run: StackRun) => run.resources.filter((r) => r.name === "ingress" || r.name.startsWith("ingress-"));
    const release = (run: StackRun, chart: string) =>
        resources(run, T.release).find((r) => r.plainInputs["chart"] === chart) ?? expect.fail(`no ${chart} release`);
    const values = (run: StackRun, chart: string) => release(run, chart).plainInputs["values"] as any;
    const byName = (run: StackRun, type: string, name: string) => resource(run, type, name);
    const spec = (r: RecordedResource) => r.plainInputs["spec"] as any;
    /** The records IngressDns keeps (the ALB certificate's validation record is load-balancing's). */
    const ingressRecords = (run: StackRun) => resources(run, T.record).filter((r) => r.name.startsWith("ingress-dns-"));

    describe("charts", () => {
        it("installs Traefik 41.3.0 and cert-manager v1.21.1 in their own namespaces through the cluster's provider", () => {
            for (const run of [dev, prod]) {
                expect(release(run, "traefik").plainInputs).to.deep.include({
                    name: "traefik",
                    version: "41.3.0",
                    namespace: "traefik",
                    repositoryOpts: { repo: "https://traefik.github.io/charts" },
                });
                expect(release(run, "cert-manager").plainInputs).to.deep.include({
                    name: "cert-manager",
                    version: "v1.21.1",
                    namespace: "cert-manager",
                    repositoryOpts: { repo: "https://charts.jetstack.io" },
                });
                const provider = resource(run, "pulumi:providers:kubernetes", "cluster-k8s").urn;
                const kube = ofIngress(run).filter((r) => r.type.startsWith("kubernetes:"));
                expect(kube.length).to.be.greaterThan(10);
                for (const r of kube) expect(r.provider, `${r.type} ${r.name}`).to.match(new RegExp(`^${provider.replace(/[$]/g, "\\$")}::`));
            }
        });

        it("scales Traefik per tier: 2 replicas in dev, 3 in prod, always behind a PDB", () => {
            expect(values(dev, "traefik").deployment).to.deep.equal({ replicas: 2 });
            expect(values(prod, "traefik").deployment).to.deep.equal({ replicas: 3 });
            expect(values(prod, "traefik").podDisruptionBudget).to.deep.equal({ enabled: true, maxUnavailable: 1 });
        });

        it("asks the AWS Load Balancer Controller for an internet-facing ip-target NLB and redirects HTTP to HTTPS", () => {
            const traefik = values(prod, "traefik");
            expect(traefik.service.annotations).to.deep.equal({
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
                "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol": "*",
                "service.beta.kubernetes.io/aws-load-balancer-attributes": "load_balancing.cross_zone.enabled=true",
            });
            expect(traefik.service.spec).to.deep.equal({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" });
            expect(traefik.ports.web.http.redirections.entryPoint).to.deep.equal({ to: "websecure", scheme: "https", permanent: true });
            expect(traefik.ingressRoute.dashboard.enabled).to.equal(false);
        });

        it("waits for the Karpenter NodePools before starting pods that need their nodes", () => {
            for (const run of [dev, prod]) {
                const pools = resources(run, "kubernetes:karpenter.sh/v1:NodePool").map((p) => p.urn);
                expect(pools).to.have.length.greaterThan(0);
                for (const workload of [release(run, "traefik"), release(run, "cert-manager")]) {
                    expect(workload.dependencies, workload.name).to.include.members(pools);
                }
            }
            const pools = resources(dev, "kubernetes:karpenter.sh/v1:NodePool").map((p) => p.urn);
            expect(byName(dev, "kubernetes:apps/v1:Deployment", "ingress-echo-deployment").dependencies).to.include.members(pools);
        });
    });

    describe("cert-manager", () => {
        it("gets Route 53 access through Pod Identity on its controller's service account only", () => {
            const role = byName(dev, T.role, "ingress-cert-manager-iam-role");
            expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-dev", "cert-manager", "cert-manager"));
            const association = byName(dev, T.association, "ingress-cert-manager-iam-association");
            expect(association.plainInputs).to.include({ clusterName: "eks-dev", namespace: "cert-manager", serviceAccount: "cert-manager" });
            expect(association.propertyDependencies["roleArn"]).to.deep.equal([role.urn]);
            // Waits for the cluster, though its name is plain config.
            expect(association.propertyDependencies["clusterName"]).to.include(resource(dev, "eks:index:Cluster", "cluster-eks").urn);
            expect(release(dev, "cert-manager").dependencies).to.include(association.urn);
        });

        it("may change only _acme-challenge TXT records, in the one hosted zone, and never lists zones", () => {
            const policy = jsonInput(byName(prod, T.rolePolicy, "ingress-cert-manager-iam-route53"), "policy");
            expect(policy.Statement.map((s: any) => [s.Action, s.Resource])).to.deep.equal([
                ["route53:GetChange", "arn:aws:route53:::change/*"],
                ["route53:ChangeResourceRecordSets", `arn:aws:route53:::hostedzone/${ZONE_ID}`],
            ]);
            expect(policy.Statement[1].Condition).to.deep.equal({
                "ForAllValues:StringEquals": {
                    "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                    "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                },
                "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
            });
        });

        it("every ClusterIssuer names the hosted zone, which is why the role has no ListHostedZonesByName", () => {
            for (const issuer of resources(dev, T.clusterIssuer)) {
                expect(spec(issuer).acme.solvers.map((s: any) => s.dns01?.route53?.hostedZoneID)).to.not.include(undefined);
            }
        });

        it("has staging and production ClusterIssuers, created after its chart, answering only for the cluster subdomain", () => {
            const chart = release(dev, "cert-manager").urn;
            const issuers = resources(dev, T.clusterIssuer);
            expect(issuers.map((i) => [(i.plainInputs["metadata"] as any).name, spec(i).acme.server])).to.deep.equal([
                ["letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory"],
                ["letsencrypt-production", "https://acme-v02.api.letsencrypt.org/directory"],
            ]);
            for (const issuer of issuers) {
                expect(issuer.dependencies).to.include(chart);
                expect(spec(issuer).acme.email).to.equal("platform-team@example.com");
                expect(spec(issuer).acme.solvers).to.deep.equal([
                    { selector: { dnsZones: [SUBDOMAIN.dev] }, dns01: { route53: { region: "eu-west-1", hostedZoneID: ZONE_ID } } },
                ]);
            }
        });

        it("issues the wildcard certificate into Traefik's namespace from the tier's issuer", () => {
            for (const [run, tier, issuer] of [[dev, "dev", "letsencrypt-staging"], [prod, "prod", "letsencrypt-production"]] as const) {
                const certificate = resource(run, T.certificate);
                expect((certificate.plainInputs["metadata"] as any).namespace).to.equal("traefik");
                expect(spec(certificate).dnsNames).to.deep.equal([`*.${SUBDOMAIN[tier]}`, SUBDOMAIN[tier]]);
                expect(spec(certificate).secretName).to.equal("wildcard-tls");
                expect(spec(certificate).issuerRef).to.deep.equal({ name: issuer, kind: "ClusterIssuer", group: "cert-manager.io" });
                const issuerResource = resources(run, T.clusterIssuer).find((i) => (i.plainInputs["metadata"] as any).name === issuer)!;
                expect(certificate.dependencies).to.include.members([issuerResource.urn, release(run, "cert-manager").urn]);
            }
        });
    });

    describe("Traefik's default certificate and dashboard", () => {
        it("makes the wildcard certificate's Secret the default, once Traefik's CRDs exist", () => {
            const store = resource(dev, T.tlsStore);
            expect(store.plainInputs["metadata"]).to.deep.equal({ name: "default", namespace: "traefik" });
            expect(spec(store)).to.deep.equal({ defaultCertificate: { secretName: "wildcard-tls" } });
            expect(store.dependencies).to.include(release(dev, "traefik").urn);
        });

        it("serves the dashboard at traefik.<subdomain> over TLS behind basic auth, with an HTTPS redirect", () => {
            const route = byName(dev, T.ingressRoute, "ingress-dashboard-route");
            expect(spec(route)).to.deep.equal({
                entryPoints: ["websecure"],
                routes: [
                    {
                        match: `Host(\`traefik.${SUBDOMAIN.dev}\`)`,
                        kind: "Rule",
                        middlewares: [{ name: "dashboard-auth" }],
                        services: [{ name: "api@internal", kind: "TraefikService" }],
                    },
                ],
                tls: {},
            });
            const auth = byName(dev, T.middleware, "ingress-dashboard-auth");
            expect(spec(auth)).to.deep.equal({ basicAuth: { secret: "dashboard-basic-auth", realm: "traefik-dashboard", removeHeader: true } });
            expect(route.dependencies).to.include(auth.urn);
            const redirect = byName(dev, T.middleware, "ingress-dashboard-https-redirect");
            expect(spec(redirect)).to.deep.equal({ redirectScheme: { scheme: "https", permanent: true } });
            expect(spec(byName(dev, T.ingressRoute, "ingress-dashboard-route-http")).routes[0].middlewares).to.deep.equal([{ name: "https-redirect" }]);
            const secret = byName(dev, "kubernetes:core/v1:Secret", "ingress-dashboard-basic-auth");
            expect(secret.plainInputs["type"]).to.equal("kubernetes.io/basic-auth");
            expect(secret.plainInputs["metadata"]).to.deep.include({ name: "dashboard-basic-auth", namespace: "traefik" });
            expect(auth.dependencies).to.include(secret.urn);
        });

        it("keeps the password a secret in every input and output, and in plain text nowhere", () => {
            const generated = byName(dev, "random:index/randomPassword:RandomPassword", "ingress-dashboard-password");
            expect(generated.plainInputs).to.include({ length: 32, special: false });
            const version = byName(dev, "aws:secretsmanager/secretVersion:SecretVersion", "ingress-dashboard-credentials");
            const stored = jsonInput(version, "secretString") as { username: string; password: string };
            expect(stored.username).to.equal("admin");
            expect(stored.password).to.have.length(32);
            expect(version.inputs["secretString"]).to.deep.include({ secret: true });
            const secret = byName(dev, "kubernetes:core/v1:Secret", "ingress-dashboard-basic-auth");
            expect(secret.inputs["stringData"]).to.deep.equal({ secret: true, value: { username: "admin", password: stored.password } });
            expect(dev.outputs["dashboardPassword"]).to.deep.equal({ secret: true, value: stored.password });

            const leaks = [
                ...dev.resources.flatMap((r) => [...plainStrings(r.inputs), ...plainStrings(r.outputs)].map((s) => [r.name, s])),
                ...plainStrings(dev.outputs).map((s) => ["stack outputs", s]),
            ].filter(([, s]) => s!.includes(stored.password));
            expect(leaks).to.deep.equal([]);
        });
    });

    describe("DNS", () => {
        it("points <subdomain> and *.<subdomain> at the NLB in Traefik's Service status, with alias records", () => {
            const hostname = dev.outputs["ingressLoadBalancer"] as string;
            expect(hostname).to.match(/^a[0-9a-f]{31}-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$/);
            const records = ingressRecords(dev);
            expect(records.map((r) => r.plainInputs["name"])).to.deep.equal([SUBDOMAIN.dev, `*.${SUBDOMAIN.dev}`]);
            for (const record of records) {
                expect(record.plainInputs).to.deep.include({
                    zoneId: ZONE_ID,
                    type: "A",
                    aliases: [{ name: hostname, zoneId: "Z2IFOLAFXWLO4F", evaluateTargetHealth: true }],
                });
            }
        });

        it("creates the records only after reading Traefik's Service, which waits for the chart", () => {
            for (const record of ingressRecords(prod)) {
                const service = record.dependencies.find((d) => d.endsWith("kubernetes:core/v1:Service::ingress-traefik-service"));
                expect(service, record.name).to.be.a("string");
                expect(record.propertyDependencies["aliases"]).to.include(service);
            }
        });

        it("never creates or deletes a hosted zone", () => {
            for (const run of [dev, prod]) expect(resources(run, "aws:route53/zone:Zone")).to.deep.equal([]);
        });
    });

    describe("echo app", () => {
        it("runs in dev at echo.<subdomain>, pinned, non-root, read-only, without capabilities, with probes and limits", () => {
            const deployment = byName(dev, "kubernetes:apps/v1:Deployment", "ingress-echo-deployment");
            const podSpec = spec(deployment).template.spec;
            const [container] = podSpec.containers;
            expect(spec(deployment).replicas).to.equal(2);
            expect((deployment.plainInputs["metadata"] as any).namespace).to.equal("echo");
            expect(container.image).to.equal("hashicorp/http-echo:1.0.0");
            expect(podSpec.securityContext).to.include({ runAsNonRoot: true, runAsUser: 65532 });
            expect(container.securityContext).to.deep.equal({
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                privileged: false,
                capabilities: { drop: ["ALL"] },
            });
            expect(container.readinessProbe.httpGet).to.deep.equal({ path: "/health", port: "http" });
            expect(container.livenessProbe.httpGet).to.deep.equal({ path: "/health", port: "http" });
            expect(container.ports).to.deep.equal([{ name: "http", containerPort: 5678, protocol: "TCP" }]);
            expect(container.resources).to.deep.equal({ requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } });
            expect(podSpec.tolerations).to.equal(undefined);

            const pdb = byName(dev, "kubernetes:policy/v1:PodDisruptionBudget", "ingress-echo-pdb");
            const labels = { "app.kubernetes.io/name": "echo", "app.kubernetes.io/part-of": "eks-platform" };
            expect(spec(deployment).template.metadata.labels).to.deep.equal(labels);
            expect(spec(pdb)).to.deep.equal({ maxUnavailable: 1, selector: { matchLabels: labels } });
            const route = byName(dev, T.ingressRoute, "ingress-echo-route");
            expect(spec(route).routes).to.deep.equal([
                { match: `Host(\`echo.${SUBDOMAIN.dev}\`)`, kind: "Rule", services: [{ name: "echo", port: 80 }] },
            ]);
            expect(dev.outputs["echoUrl"]).to.equal(`https://echo.${SUBDOMAIN.dev}/`);
        });

        it("is off in prod", () => {
            expect(prod.resources.filter((r) => r.name.startsWith("ingress-echo"))).to.deep.equal([]);
            expect(prod.outputs).to.not.have.property("echoUrl");
        });
    });

    it("builds every custom resource from a @kubernetes-models type that its CRD schema accepts, after the chart with the CRD", () => {
        for (const run of [dev, prod]) {
            const custom = ofIngress(run).filter((r) => r.type in MODELS);
            expect(custom.map((r) => r.type)).to.include.members(Object.keys(MODELS));
            for (const r of custom) {
                MODELS[r.type]!(r.plainInputs).validate();
                const chart = r.type.includes("cert-manager.io") ? release(run, "cert-manager") : release(run, "traefik");
                expect(r.dependencies, `${r.type} ${r.name}`).to.include(chart.urn);
            }
        }
    });

    it("exports the dashboard's URL and the ARN of its credentials, and no ingress when the stack turns it off", async () => {
        expect(dev.outputs["dashboardUrl"]).to.equal(`https://traefik.${SUBDOMAIN.dev}/dashboard/`);
        expect(dev.outputs["dashboardCredentialsSecretArn"]).to.match(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret\//);
        const off = await runStack({ stack: "dev", configOverrides: { "eks-platform:ingress": { enabled: false } } });
        expect(ofIngress(off)).to.deep.equal([]);
        expect(off.outputs).to.not.have.property("dashboardPassword");
    });
});
