import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { customResource } from "./custom-resource.js";
import { ECHO_PORT, echoContainer, echoPodSecurityContext } from "./echo-pod.js";
import { dependsOnList } from "./dependencies.js";
import { onKarpenterNodes, spreadOverZones } from "./scheduling.js";
import { serviceRoute } from "./traefik-routes.js";

export const ECHO_NAMESPACE = "echo";

export interface EchoAppArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** Where it answers, e.g. `echo.k8s-eu-west-1-eks-dev.example.com`. */
    readonly host: string;
    /** What installs Traefik's CRDs (the chart). */
    readonly crds: pulumi.Resource;
    /** Replicas (a PodDisruptionBudget keeps one up). @default 2 */
    readonly replicas?: number;
    /** Text every request gets back. @default "eks-platform: ingress works" */
    readonly text?: string;
}

export const ECHO_APP_DEFAULTS = { replicas: 2, text: "eks-platform: ingress works" };

/**
 * A tiny HTTP echo server at `echo.<subdomain>`, behind the wildcard certificate: once
 * `curl https://echo.<subdomain>` answers, DNS, the NLB, Traefik, TLS and Karpenter's
 * nodes all work. It runs the way every workload here should: non-root, read-only root
 * filesystem, no capabilities, probes, requests and a memory limit, two replicas with a PDB.
 */
export class EchoApp extends pulumi.ComponentResource {
    readonly url: string;
    /** The ClusterIP Service that routes point at. */
    readonly service: k8s.core.v1.Service;
    readonly namespaceName = ECHO_NAMESPACE;
    readonly serviceName = "echo";
    readonly servicePort = 80;

    constructor(name: string, args: EchoAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:EchoApp", name, {}, opts);
        const { replicas, text } = { ...ECHO_APP_DEFAULTS, ...args };
        const provider = args.provider;
        const labels = { "app.kubernetes.io/name": "echo", "app.kubernetes.io/part-of": "eks-platform" };
        this.url = `https://${args.host}/`;

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: ECHO_NAMESPACE } }, { parent: this, provider });
        const metadata = { name: "echo", namespace: namespace.metadata.name, labels };

        new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata,
                spec: {
                    replicas,
                    selector: { matchLabels: labels },
                    template: {
                        metadata: { labels },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: echoPodSecurityContext(),
                            affinity: onKarpenterNodes(),
                            topologySpreadConstraints: spreadOverZones(labels),
                            containers: [echoContainer(text)],
                        },
                    },
                },
            },
            { parent: this, provider, dependsOn: dependsOnList(opts?.dependsOn) },
        );
        new k8s.policy.v1.PodDisruptionBudget(
            `${name}-pdb`,
            { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
            { parent: this, provider },
        );
        const service = (this.service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata,
                spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
            },
            { parent: this, provider },
        ));
        customResource(`${name}-route`, serviceRoute("echo", ECHO_NAMESPACE, args.host, { name: "echo", port: 80 }), {
            parent: this,
            provider,
            dependsOn: [args.crds, service],
        });

        this.registerOutputs({ url: this.url });
    }
}
