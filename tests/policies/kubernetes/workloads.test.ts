import { expect } from "chai";
import { kubernetesWorkloadsDropCapabilities } from "../../../policies/kubernetes/rules/workloads/drop-capabilities.js";
import { kubernetesWorkloadsNoDefaultNamespace } from "../../../policies/kubernetes/rules/workloads/no-default-namespace.js";
import { kubernetesWorkloadsNoHostNamespaces } from "../../../policies/kubernetes/rules/workloads/no-host-namespaces.js";
import { kubernetesWorkloadsNoHostPath } from "../../../policies/kubernetes/rules/workloads/no-host-path.js";
import { kubernetesWorkloadsNoPrivilegeEscalation } from "../../../policies/kubernetes/rules/workloads/no-privilege-escalation.js";
import { kubernetesWorkloadsNoPrivileged } from "../../../policies/kubernetes/rules/workloads/no-privileged.js";
import { kubernetesWorkloadsPinImageTags } from "../../../policies/kubernetes/rules/workloads/pin-image-tags.js";
import { kubernetesWorkloadsReadOnlyRootFilesystem } from "../../../policies/kubernetes/rules/workloads/read-only-root-filesystem.js";
import { kubernetesWorkloadsRunAsNonRoot } from "../../../policies/kubernetes/rules/workloads/run-as-non-root.js";
import { kubernetesWorkloadsSetProbes } from "../../../policies/kubernetes/rules/workloads/set-probes.js";
import { kubernetesWorkloadsSetResources } from "../../../policies/kubernetes/rules/workloads/set-resources.js";
import { mutate, UNKNOWN, violations } from "../helpers.js";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const C = "spec.template.spec.containers[0]";

/** A hardened Deployment, shaped like the echo server the ingress component runs. */
const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "echo", namespace: "ingress-check" },
    spec: {
        replicas: 2,
        selector: { matchLabels: { app: "echo" } },
        template: {
            metadata: { labels: { app: "echo" } },
            spec: {
                securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    {
                        name: "echo",
                        image: "ghcr.io/mendhak/http-https-echo:37",
                        ports: [{ containerPort: 8080 }],
                        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
                        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                        readinessProbe: { httpGet: { path: "/", port: 8080 } },
                        livenessProbe: { httpGet: { path: "/", port: 8080 } },
                    },
                ],
                volumes: [{ name: "tmp", emptyDir: {} }],
            },
        },
    },
};

const rules = [
    kubernetesWorkloadsPinImageTags,
    kubernetesWorkloadsSetResources,
    kubernetesWorkloadsRunAsNonRoot,
    kubernetesWorkloadsNoPrivileged,
    kubernetesWorkloadsNoPrivilegeEscalation,
    kubernetesWorkloadsReadOnlyRootFilesystem,
    kubernetesWorkloadsNoHostNamespaces,
    kubernetesWorkloadsNoHostPath,
    kubernetesWorkloadsSetProbes,
    kubernetesWorkloadsDropCapabilities,
    kubernetesWorkloadsNoDefaultNamespace,
];

describe("Kubernetes workload rules", () => {
    it("pass the hardened Deployment, and the same pod as a StatefulSet, DaemonSet and CronJob", async () => {
        const podTemplate = deployment.spec.template;
        for (const rule of rules) {
            expect(await violations(rule, DEPLOYMENT, deployment), rule.name).to.deep.equal([]);
            expect(await violations(rule, "kubernetes:apps/v1:StatefulSet", deployment), rule.name).to.deep.equal([]);
            expect(await violations(rule, "kubernetes:apps/v1:DaemonSet", deployment), rule.name).to.deep.equal([]);
            const cronJob = { metadata: deployment.metadata, spec: { schedule: "@daily", jobTemplate: { spec: { template: podTemplate } } } };
            expect(await violations(rule, "kubernetes:batch/v1:CronJob", cronJob), rule.name).to.deep.equal([]);
        }
    });

    describe("kubernetes-workloads-pin-image-tags", () => {
        const rule = kubernetesWorkloadsPinImageTags;
        it("rejects latest, a missing tag, and a missing image", async () => {
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, `${C}.image`, "nginx:latest"))).to.deep.equal([
                'container "echo" image nginx:latest uses the latest tag: pin a version tag or a digest (<repository>:<version> or <repository>@sha256:<digest>).',
            ]);
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, `${C}.image`, "registry.example.com:5000/team/app"))).to.deep.equal([
                'container "echo" image registry.example.com:5000/team/app has no tag: pin a version tag or a digest (<repository>:<version> or <repository>@sha256:<digest>).',
            ]);
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, `${C}.image`, undefined))).to.deep.equal(['container "echo" names no image: set image to <repository>:<version>.']);
        });
        it("accepts digests and an image built in the same stack (unknown until the update)", async () => {
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, `${C}.image`, `nginx@sha256:${"a".repeat(64)}`))).to.deep.equal([]);
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, `${C}.image`, UNKNOWN))).to.deep.equal([]);
        });
        it("checks init containers too", async () => {
            const withInit = mutate(deployment, "spec.template.spec.initContainers", [{ name: "migrate", image: "app" }]);
            expect(await violations(rule, DEPLOYMENT, withInit)).to.deep.equal([
                'init container "migrate" image app has no tag: pin a version tag or a digest (<repository>:<version> or <repository>@sha256:<digest>).',
            ]);
        });
    });

    it("kubernetes-workloads-set-resources names what is missing, and can require CPU limits", async () => {
        expect(await violations(kubernetesWorkloadsSetResources, DEPLOYMENT, mutate(deployment, `${C}.resources.requests.cpu`, undefined))).to.deep.equal([
            'container "echo" sets no requests.cpu: set resources.requests.cpu.',
        ]);
        expect(await violations(kubernetesWorkloadsSetResources, DEPLOYMENT, mutate(deployment, `${C}.resources`, undefined))).to.deep.equal([
            'container "echo" sets no requests.cpu, requests.memory, limits.memory: set resources.requests.cpu, resources.requests.memory, resources.limits.memory.',
        ]);
        expect(await violations(kubernetesWorkloadsSetResources, DEPLOYMENT, deployment, { requireCpuLimit: true })).to.deep.equal([
            'container "echo" sets no limits.cpu: set resources.limits.cpu.',
        ]);
    });

    it("kubernetes-workloads-run-as-non-root rejects root and an unset user", async () => {
        expect(await violations(kubernetesWorkloadsRunAsNonRoot, DEPLOYMENT, mutate(deployment, `${C}.securityContext.runAsUser`, 0))).to.deep.equal([
            'container "echo" runs as user 0 (root): set securityContext.runAsUser to a non-zero UID and runAsNonRoot to true.',
        ]);
        expect(await violations(kubernetesWorkloadsRunAsNonRoot, DEPLOYMENT, mutate(deployment, "spec.template.spec.securityContext", undefined))).to.deep.equal([
            'container "echo" may run as root: set securityContext.runAsNonRoot to true (on the pod or the container).',
        ]);
    });

    it("kubernetes-workloads-no-privileged rejects a privileged container", async () => {
        expect(await violations(kubernetesWorkloadsNoPrivileged, DEPLOYMENT, mutate(deployment, `${C}.securityContext.privileged`, true))).to.deep.equal([
            'container "echo" is privileged: remove securityContext.privileged and add only the capabilities it needs.',
        ]);
    });

    it("kubernetes-workloads-no-privilege-escalation rejects escalation allowed or left at the default", async () => {
        const expected = ['container "echo" may escalate privileges: set securityContext.allowPrivilegeEscalation to false.'];
        expect(await violations(kubernetesWorkloadsNoPrivilegeEscalation, DEPLOYMENT, mutate(deployment, `${C}.securityContext.allowPrivilegeEscalation`, true))).to.deep.equal(expected);
        expect(await violations(kubernetesWorkloadsNoPrivilegeEscalation, DEPLOYMENT, mutate(deployment, `${C}.securityContext.allowPrivilegeEscalation`, undefined))).to.deep.equal(expected);
    });

    it("kubernetes-workloads-read-only-root-filesystem rejects a writable root", async () => {
        expect(await violations(kubernetesWorkloadsReadOnlyRootFilesystem, DEPLOYMENT, mutate(deployment, `${C}.securityContext.readOnlyRootFilesystem`, false))).to.deep.equal([
            'container "echo" can write its root filesystem: set securityContext.readOnlyRootFilesystem to true and mount an emptyDir where it must write.',
        ]);
    });

    it("kubernetes-workloads-no-host-namespaces rejects host network and PID", async () => {
        const host = mutate(mutate(deployment, "spec.template.spec.hostNetwork", true), "spec.template.spec.hostPID", true);
        expect(await violations(kubernetesWorkloadsNoHostNamespaces, DEPLOYMENT, host)).to.deep.equal([
            "The pod shares the node's namespaces (hostNetwork, hostPID): remove hostNetwork, hostPID from the pod spec.",
        ]);
    });

    it("kubernetes-workloads-no-host-path rejects hostPath volumes", async () => {
        expect(await violations(kubernetesWorkloadsNoHostPath, DEPLOYMENT, mutate(deployment, "spec.template.spec.volumes[0]", { name: "docker", hostPath: { path: "/var/run/docker.sock" } }))).to.deep.equal([
            "Volume docker mounts the node's /var/run/docker.sock: use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.",
        ]);
    });

    it("kubernetes-workloads-set-probes rejects a long-running container without probes, not a Job", async () => {
        expect(await violations(kubernetesWorkloadsSetProbes, DEPLOYMENT, mutate(deployment, `${C}.livenessProbe`, undefined))).to.deep.equal([
            'container "echo" has no livenessProbe: add livenessProbe (httpGet on a health endpoint, or tcpSocket).',
        ]);
        const job = { metadata: deployment.metadata, spec: { template: mutate(deployment.spec.template, "spec.containers[0].readinessProbe", undefined) } };
        expect(await violations(kubernetesWorkloadsSetProbes, "kubernetes:batch/v1:Job", job)).to.deep.equal([]);
    });

    it("kubernetes-workloads-drop-capabilities rejects default capabilities", async () => {
        expect(await violations(kubernetesWorkloadsDropCapabilities, DEPLOYMENT, mutate(deployment, `${C}.securityContext.capabilities`, { add: ["NET_BIND_SERVICE"] }))).to.deep.equal([
            'container "echo" keeps the default capabilities: set securityContext.capabilities.drop to ["ALL"] (and add only what it needs).',
        ]);
    });

    describe("kubernetes-workloads-no-default-namespace", () => {
        const rule = kubernetesWorkloadsNoDefaultNamespace;
        it("rejects default, explicit or by omission, and honours the provider's namespace", async () => {
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, "metadata.namespace", "default"))).to.deep.equal([
                "It would run in the default namespace: set metadata.namespace to the namespace of its team or component.",
            ]);
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, "metadata.namespace", undefined))).to.have.length(1);
            const provider = { type: "pulumi:providers:kubernetes", name: "team-a", urn: "urn:k8s", props: { namespace: "team-a" } };
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, "metadata.namespace", undefined), {}, { provider })).to.deep.equal([]);
        });
        it("checks Helm releases", async () => {
            expect(await violations(rule, "kubernetes:helm.sh/v3:Release", { chart: "traefik", version: "41.3.0" })).to.deep.equal([
                "It would run in the default namespace: set namespace to the namespace of its team or component.",
            ]);
        });
        it("passes a namespace unknown during preview: it is one the stack creates, never default", async () => {
            expect(await violations(rule, DEPLOYMENT, mutate(deployment, "metadata.namespace", UNKNOWN))).to.deep.equal([]);
            expect(await violations(rule, "kubernetes:helm.sh/v3:Release", { chart: "traefik", version: "41.3.0", namespace: UNKNOWN })).to.deep.equal([]);
        });
    });
});
