import { expect } from "chai";
import { certManagerValues } from "../../../components/ingress/cert-manager-values.js";
import { NLB_SERVICE_ANNOTATIONS, traefikValues } from "../../../components/ingress/traefik-values.js";
import { CERT_MANAGER_CHART, TRAEFIK_CHART } from "../../../domain/versions.js";

/**
 * Both charts' schemas reject keys they do not know, which fails `helm install` on a real
 * cluster. These are the upstream key paths this platform sets, copied from the charts.
 * Keys under a FREE_FORM path take any Kubernetes object there (resources, affinity, ...).
 */

/**
 * Traefik chart 41.3.0. Source: `traefik/traefik-helm-chart` `traefik/values.schema.json` and
 * `values.yaml` (stored copy, commit 00374755, chart ~37.4), moved to the 41.x locations by
 * the breaking changes since: PR #1603 (v39: entry-point options under `http`, i.e.
 * `ports.web.http.redirections.entryPoint.*` and `ports.websecure.http.tls.*`) and PR #1686
 * (v40: Service fields under `service.spec`).
 */
const TRAEFIK_KEYS = new Set([
    "deployment.replicas",
    "podDisruptionBudget.enabled",
    "podDisruptionBudget.maxUnavailable",
    "podDisruptionBudget.minAvailable",
    "ingressClass.enabled",
    "ingressClass.isDefaultClass",
    "ingressClass.name",
    "api.dashboard",
    "api.basePath",
    "ingressRoute.dashboard.enabled",
    "ports.traefik.expose.default",
    "ports.web.http.redirections.entryPoint.to",
    "ports.web.http.redirections.entryPoint.scheme",
    "ports.web.http.redirections.entryPoint.permanent",
    "ports.web.http.redirections.entryPoint.priority",
    "ports.websecure.http.tls.enabled",
    // 41.3.0 schema: ports.<name>.proxyProtocol.trustedIPs; service.spec takes any ServiceSpec field.
    "ports.web.proxyProtocol.trustedIPs",
    "ports.websecure.proxyProtocol.trustedIPs",
    "service.spec.type",
    "service.spec.loadBalancerClass",
    "global.checkNewVersion",
    "global.sendAnonymousUsage",
]);
const TRAEFIK_FREE_FORM = ["resources", "affinity", "topologySpreadConstraints", "service.annotations"];
/** Locations older guides use that 41.x rejects (or that would turn on the insecure API). */
const TRAEFIK_REMOVED = ["ports.web.redirections", "ports.web.redirectTo", "ports.websecure.tls", "service.type", "logs", "api.insecure"];

/**
 * cert-manager v1.21.1. Source: `cert-manager/cert-manager`
 * `deploy/charts/cert-manager/values.schema.json` (stored copy, commit 008162be, <= v1.20);
 * v1.21 only removed `prometheus.servicemonitor.targetPort`/`path` and `prometheus.podmonitor.path`
 * (cert-manager/website PR #2182), none of which is set here.
 */
const CERT_MANAGER_COMPONENT_KEYS = [
    "replicaCount",
    "podDisruptionBudget.enabled",
    "podDisruptionBudget.minAvailable",
    "podDisruptionBudget.maxUnavailable",
];
const CERT_MANAGER_KEYS = new Set([
    "crds.enabled",
    "crds.keep",
    "serviceAccount.create",
    "serviceAccount.name",
    "dns01RecursiveNameservers",
    "dns01RecursiveNameserversOnly",
    ...CERT_MANAGER_COMPONENT_KEYS,
    ...CERT_MANAGER_COMPONENT_KEYS.map((k) => `webhook.${k}`),
    ...CERT_MANAGER_COMPONENT_KEYS.map((k) => `cainjector.${k}`),
]);
const CERT_MANAGER_FREE_FORM = ["", "webhook.", "cainjector."].flatMap((p) => [`${p}resources`, `${p}affinity`, `${p}topologySpreadConstraints`]);

/** Dotted paths of every leaf, stopping at free-form keys. */
function keyPaths(value: unknown, freeForm: string[], prefix = ""): string[] {
    if (freeForm.includes(prefix)) return [prefix];
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
    return Object.entries(value).flatMap(([key, child]) => keyPaths(child, freeForm, prefix ? `${prefix}.${key}` : key));
}

describe("chart values", () => {
    describe("Traefik", () => {
        const values = traefikValues({ replicas: 3 });

        it("pins chart 41.3.0 from the Traefik repository", () => {
            expect(TRAEFIK_CHART).to.deep.equal({ repo: "https://traefik.github.io/charts", chart: "traefik", version: "41.3.0" });
        });

        it("sets only keys the 41.x schema has, behind either load balancer", () => {
            const behindController = traefikValues({ replicas: 3, loadBalancer: { kind: "controller", vpcCidr: "10.0.0.0/16" } });
            for (const v of [values, behindController]) {
                const unknown = keyPaths(v, TRAEFIK_FREE_FORM).filter((k) => !TRAEFIK_KEYS.has(k) && !TRAEFIK_FREE_FORM.includes(k));
                expect(unknown).to.deep.equal([]);
            }
        });

        it("uses none of the locations older charts had", () => {
            const paths = keyPaths(values, TRAEFIK_FREE_FORM);
            for (const removed of TRAEFIK_REMOVED) {
                expect(paths.filter((p) => p === removed || p.startsWith(`${removed}.`)), removed).to.deep.equal([]);
            }
        });

        it("redirects web to websecure permanently and terminates TLS on websecure", () => {
            expect(values.ports.web.http.redirections.entryPoint).to.deep.equal({ to: "websecure", scheme: "https", permanent: true });
            expect(values.ports.websecure.http.tls.enabled).to.equal(true);
        });

        it("asks the AWS cloud provider for an internet-facing NLB with cross-zone balancing", () => {
            expect(values.service).to.deep.equal({
                annotations: {
                    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                    "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
                },
                spec: { type: "LoadBalancer" },
            });
            // Internal is the opposite of what ingress needs; LBC-only values would make the cloud provider ignore the Service.
            expect(NLB_SERVICE_ANNOTATIONS).to.not.have.property("service.beta.kubernetes.io/aws-load-balancer-internal");
            for (const lbcOnly of ["external", "nlb-ip"]) expect(Object.values(NLB_SERVICE_ANNOTATIONS)).to.not.include(lbcOnly);
        });

        it("keeps the API and dashboard off the load balancer and off the unauthenticated entry point", () => {
            expect(values.ingressRoute.dashboard.enabled).to.equal(false);
            expect(values.ports.traefik.expose.default).to.equal(false);
            expect(JSON.stringify(values)).to.not.match(/insecure/i);
        });

        it("runs the requested replicas behind a PDB, with requests and a memory limit, on Karpenter nodes", () => {
            expect(values.deployment.replicas).to.equal(3);
            expect(traefikValues().deployment.replicas).to.equal(2);
            expect(values.podDisruptionBudget).to.deep.equal({ enabled: true, maxUnavailable: 1 });
            expect(values.resources).to.deep.equal({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } });
            expect(values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).to.deep.equal([
                { matchExpressions: [{ key: "karpenter.sh/nodepool", operator: "Exists" }] },
            ]);
            expect(values).to.not.have.property("tolerations");
            expect(values.topologySpreadConstraints[0]?.labelSelector.matchLabels).to.deep.equal({
                "app.kubernetes.io/name": "traefik",
                "app.kubernetes.io/instance": "traefik-traefik",
            });
        });

        it("is the default IngressClass", () => {
            expect(values.ingressClass).to.deep.equal({ enabled: true, isDefaultClass: true, name: "traefik" });
        });
    });

    describe("cert-manager", () => {
        const values = certManagerValues();

        it("pins v1.21.1 from the jetstack repository", () => {
            expect(CERT_MANAGER_CHART).to.deep.equal({ repo: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1" });
        });

        it("sets only keys the chart's schema has", () => {
            const unknown = keyPaths(values, CERT_MANAGER_FREE_FORM).filter((k) => !CERT_MANAGER_KEYS.has(k) && !CERT_MANAGER_FREE_FORM.includes(k));
            expect(unknown).to.deep.equal([]);
        });

        it("installs the CRDs with the chart and keeps them on uninstall", () => {
            expect(values.crds).to.deep.equal({ enabled: true, keep: true });
        });

        it("checks DNS-01 records only through public recursive resolvers", () => {
            expect(values.dns01RecursiveNameservers).to.equal("8.8.8.8:53,1.1.1.1:53");
            expect(values.dns01RecursiveNameserversOnly).to.equal(true);
        });

        it("names the controller's service account, the subject of its Pod Identity association", () => {
            expect(values.serviceAccount).to.deep.equal({ create: true, name: "cert-manager" });
        });

        it("runs two replicas of the controller, webhook and cainjector, each behind a PDB", () => {
            for (const component of [values, values.webhook, values.cainjector]) {
                expect(component.replicaCount).to.equal(2);
                expect(component.podDisruptionBudget).to.deep.equal({ enabled: true, maxUnavailable: 1 });
                expect(component.resources.requests).to.have.keys("cpu", "memory");
                expect(component.resources.limits).to.have.property("memory");
            }
            expect(values.webhook.topologySpreadConstraints[0]?.labelSelector.matchLabels).to.deep.equal({
                "app.kubernetes.io/instance": "cert-manager",
                "app.kubernetes.io/component": "webhook",
            });
        });
    });
});
