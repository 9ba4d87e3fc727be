import { expect } from "chai";
import { kubernetesHelmNoLatestImages } from "../../../policies/kubernetes/rules/helm/no-latest-images.js";
import { kubernetesHelmPinChartVersion } from "../../../policies/kubernetes/rules/helm/pin-chart-version.js";
import { kubernetesIngressReplicasAndPdb } from "../../../policies/kubernetes/rules/ingress/replicas-and-pdb.js";
import { fixture, mutate, previewMessage, stackFindings, UNKNOWN, urnOf, violations } from "../helpers.js";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const traefik = {
    chart: "traefik",
    version: "41.3.0",
    namespace: "traefik",
    repositoryOpts: { repo: "https://traefik.github.io/charts" },
    values: { deployment: { replicas: 2 }, podDisruptionBudget: { enabled: true, maxUnavailable: 1 }, image: { tag: "v3.7.11" }, service: { type: "LoadBalancer" } },
};

describe("Helm release rules", () => {
    it("pass a pinned chart with pinned images", async () => {
        expect(await violations(kubernetesHelmPinChartVersion, RELEASE, traefik)).to.deep.equal([]);
        expect(await violations(kubernetesHelmNoLatestImages, RELEASE, traefik)).to.deep.equal([]);
    });

    it("kubernetes-helm-pin-chart-version rejects a release without a version", async () => {
        expect(await violations(kubernetesHelmPinChartVersion, RELEASE, mutate(traefik, "version", undefined))).to.deep.equal([
            "Chart traefik has no version: set version to the chart release you tested (domain/versions.ts).",
        ]);
    });

    it("kubernetes-helm-no-latest-images finds latest tags and images anywhere in the values", async () => {
        const values = mutate(mutate(traefik, "values.image.tag", "latest"), "values.extraContainers", [{ name: "sidecar", image: "busybox:latest" }]);
        expect(await violations(kubernetesHelmNoLatestImages, RELEASE, values)).to.deep.equal([
            "values.image.tag, values.extraContainers[0].image select the latest image: set a version tag (or leave the tag out so the chart's appVersion is used).",
        ]);
    });

    it("kubernetes-helm-no-latest-images reads around unknown values but says so when all values are unknown", async () => {
        expect(await violations(kubernetesHelmNoLatestImages, RELEASE, mutate(traefik, "values.settings", { interruptionQueue: UNKNOWN }))).to.deep.equal([]);
        expect(await violations(kubernetesHelmNoLatestImages, RELEASE, mutate(traefik, "values", UNKNOWN))).to.deep.equal([previewMessage(kubernetesHelmNoLatestImages, "values")]);
    });
});

describe("kubernetes-ingress-replicas-and-pdb", () => {
    const rule = kubernetesIngressReplicasAndPdb;
    const labels = { app: "echo" };
    const deployment = (replicas: number | undefined) =>
        fixture("kubernetes:apps/v1:Deployment", { metadata: { name: "echo", namespace: "ingress-check" }, spec: { replicas, template: { metadata: { labels } } } }, { name: "echo" });
    const service = fixture("kubernetes:core/v1:Service", { metadata: { name: "echo", namespace: "ingress-check" }, spec: { selector: labels, ports: [{ port: 80 }] } }, { name: "echo-svc" });
    const route = fixture(
        "kubernetes:traefik.io/v1alpha1:IngressRoute",
        { metadata: { name: "echo", namespace: "ingress-check" }, spec: { routes: [{ match: "Host(`echo.example.com`)", services: [{ name: "echo", port: 80 }] }] } },
        { name: "echo-route" },
    );
    const pdb = fixture("kubernetes:policy/v1:PodDisruptionBudget", { metadata: { namespace: "ingress-check" }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } }, { name: "echo-pdb" });

    it("passes an ingress-facing Deployment with two replicas and a PDB, and the HA Traefik release", async () => {
        expect(await stackFindings(rule, [deployment(2), service, route, pdb, fixture(RELEASE, traefik, { name: "traefik" })])).to.deep.equal([]);
    });

    it("ignores Deployments no ingress reaches", async () => {
        expect(await stackFindings(rule, [deployment(1), service])).to.deep.equal([]);
    });

    it("reports a routed Deployment with one replica and no PDB", async () => {
        const found = await stackFindings(rule, [deployment(undefined), service, route]);
        expect(found.map((f) => [f.urn, f.message])).to.deep.equal([
            [urnOf("kubernetes:apps/v1:Deployment", "echo"), "echo serves ingress traffic with 1 replica(s): set spec.replicas to 2 or more."],
            [urnOf("kubernetes:apps/v1:Deployment", "echo"), "echo serves ingress traffic without a PodDisruptionBudget: add one selecting its pods (minAvailable: 1 or maxUnavailable: 1)."],
        ]);
    });

    it("treats LoadBalancer Services as ingress-facing", async () => {
        const lb = fixture("kubernetes:core/v1:Service", { metadata: { name: "echo", namespace: "ingress-check" }, spec: { type: "LoadBalancer", selector: labels } }, { name: "lb" });
        expect(await stackFindings(rule, [deployment(2), lb])).to.have.length(1);
    });

    it("reports the Traefik release's replicas and PDB from its values", async () => {
        const single = fixture(RELEASE, mutate(mutate(traefik, "values.deployment", undefined), "values.podDisruptionBudget.enabled", false), { name: "traefik" });
        expect((await stackFindings(rule, [single])).map((f) => f.message)).to.deep.equal([
            "Helm release traefik runs 1 replica(s): set values.deployment.replicas to 2 or more.",
            "Helm release traefik has no PodDisruptionBudget: set values.podDisruptionBudget.enabled to true (with maxUnavailable: 1).",
        ]);
    });
});
