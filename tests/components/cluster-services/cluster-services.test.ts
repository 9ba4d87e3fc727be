import { expect } from "chai";
import { expectedKubeDnsIp, metricsServerValues, nodeLocalDnsValues, NODE_LOCAL_DNS_IP } from "../../../components/cluster-services/values.js";
import { METRICS_SERVER_CHART, NODE_LOCAL_DNS_CHART } from "../../../domain/versions.js";
import type { StackRun } from "../../../engine/engine.js";
import { committedRuns } from "../../stack-runs.js";
import { resource, resources } from "../../helpers.js";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/**
 * Key paths of each chart's values.yaml this platform sets (deliveryhero/helm-charts
 * `stable/node-local-dns/values.yaml` of chart 2.4.0; kubernetes-sigs/metrics-server
 * `charts/metrics-server/values.yaml`). Maps and lists the charts copy as they are end a path.
 */
const CHART_KEYS = {
    nodeLocalDns: ["config.localDns", "config.dnsServer", "config.dnsDomain", "config.setupInterface", "config.setupIptables", "tolerations", "resources"],
    metricsServer: ["replicas", "podDisruptionBudget.enabled", "podDisruptionBudget.minAvailable", "resources", "nodeSelector", "tolerations", "affinity"],
};
const OPAQUE = new Set(["tolerations", "resources", "nodeSelector", "affinity"]);
function keyPaths(value: unknown, prefix = ""): string[] {
    if (OPAQUE.has(prefix) || value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe("cluster services", () => {
    describe("values", () => {
        it("kube-dns is the tenth address of the Service CIDR", () => {
            expect(expectedKubeDnsIp("172.20.0.0/16")).to.equal("172.20.0.10");
            expect(expectedKubeDnsIp("10.100.0.0/16")).to.equal("10.100.0.10");
            expect(expectedKubeDnsIp("192.168.0.0/24")).to.equal("192.168.0.10");
        });

        it("use only keys the charts define", () => {
            expect(keyPaths(nodeLocalDnsValues("172.20.0.10"))).to.have.members(CHART_KEYS.nodeLocalDns);
            expect(keyPaths(metricsServerValues("metrics-server"))).to.have.members(CHART_KEYS.metricsServer);
        });
    });

    describe("under the mock engine", () => {
        let dev: StackRun;
        let prod: StackRun;
        before(async () => ([dev, prod] = await committedRuns()));

        it("installs NodeLocal DNSCache at the pinned chart, listening on 169.254.20.10", () => {
            for (const run of [dev, prod]) {
                const release = resource(run, RELEASE, "node-local-dns-release");
                expect(release.plainInputs).to.deep.include({
                    chart: "node-local-dns",
                    version: "2.4.0",
                    namespace: "kube-system",
                    name: "node-local-dns",
                    repositoryOpts: { repo: "https://charts.deliveryhero.io/" },
                });
                expect(NODE_LOCAL_DNS_CHART.version).to.equal("2.4.0");
                expect((release.plainInputs["values"] as any).config).to.include({ localDns: NODE_LOCAL_DNS_IP, setupIptables: true });
                expect(NODE_LOCAL_DNS_IP).to.equal("169.254.20.10");
            }
        });

        it("gives the cache the kube-dns ClusterIP read from the cluster, once the coredns add-on exists", () => {
            const release = resource(prod, RELEASE, "node-local-dns-release");
            // The mock serves the read of kube-system/kube-dns with the address EKS assigns.
            expect((release.plainInputs["values"] as any).config.dnsServer).to.equal("172.20.0.10");
            // The address comes from the read of the Service, not from a constant.
            expect(release.propertyDependencies["values"]).to.deep.equal([
                "urn:pulumi:prod::eks-platform::platform:cluster-services:NodeLocalDns$kubernetes:core/v1:Service::node-local-dns-kube-dns",
            ]);
            const coredns = resources(prod, "aws:eks/addon:Addon").find((a) => a.plainInputs["addonName"] === "coredns")!;
            expect(release.explicitDependencies).to.include(coredns.urn);
        });

        it("runs the cache on every node, Karpenter's included: it tolerates every taint", () => {
            expect((resource(prod, RELEASE, "node-local-dns-release").plainInputs["values"] as any).tolerations).to.deep.equal([{ operator: "Exists" }]);
        });

        it("installs metrics-server at the pinned chart: two replicas, a PDB, resources, on the system nodes", () => {
            const release = resource(prod, RELEASE, "metrics-server-release");
            expect(METRICS_SERVER_CHART.version).to.equal("3.13.1");
            expect(release.plainInputs).to.deep.include({
                chart: "metrics-server",
                version: "3.13.1",
                namespace: "kube-system",
                name: "metrics-server",
                repositoryOpts: { repo: "https://kubernetes-sigs.github.io/metrics-server/" },
            });
            const values = release.plainInputs["values"] as any;
            expect(values.replicas).to.equal(2);
            expect(values.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
            expect(values.resources).to.deep.equal({ requests: { cpu: "100m", memory: "200Mi" }, limits: { memory: "200Mi" } });
            expect(values.nodeSelector).to.deep.equal({ "platform.eks/node-role": "system" });
            expect(values.tolerations).to.deep.equal([{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }]);
            expect(values.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels).to.deep.equal({
                "app.kubernetes.io/name": "metrics-server",
                "app.kubernetes.io/instance": "metrics-server",
            });
            expect(release.explicitDependencies).to.include(resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng").urn);
        });

        it("uses the cluster's Kubernetes provider", () => {
            const provider = resource(dev, "pulumi:providers:kubernetes", "cluster-k8s");
            for (const name of ["node-local-dns-release", "metrics-server-release"]) {
                expect(resource(dev, RELEASE, name).provider).to.equal(`${provider.urn}::${provider.id}`);
            }
        });
    });
});
