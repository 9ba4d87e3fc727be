import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ALB_ANNOTATIONS, ALB_INGRESS_CLASS } from "../../domain/load-balancing.js";
import { dependsOnList } from "../ingress/dependencies.js";

/** The example's host under the cluster subdomain: `algo.<subdomain>`, a record external-dns writes. */
export const EXAMPLE_HOST_PREFIX = "algo";

/** The seed's path (Algorithmia's guide): everything under `/v1/algo/` goes to the execution engine. */
export const EXAMPLE_PATH = "/v1/algo/";

export interface ExampleAlbIngressArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The host the Ingress answers on; external-dns points it at the group's ALB. */
    readonly host: string;
    /** Namespace of the backend Service (the echo server's). */
    readonly namespace: string;
    /** The backend Service and its port. */
    readonly backend: { readonly service: string; readonly port: number };
    /** The backend's health check path. @default "/health" */
    readonly healthcheckPath?: string;
    /** The Ingress's name. @default "execution-engine" */
    readonly ingressName?: string;
}

export const EXAMPLE_ALB_INGRESS_DEFAULTS = { healthcheckPath: "/health", ingressName: "execution-engine" };

/**
 * The seed's ALB Ingress, after Algorithmia's guide (class `alb`, ip targets, path `/v1/algo/`
 * with pathType Prefix), routed to the echo server so a fresh cluster can be checked end to end
 * through the ALB: `curl https://<host>/v1/algo/`. Scheme, group, certificate, TLS policy and
 * target type come from the class's IngressClassParams, so this Ingress cannot widen them.
 *
 * Pass the controller's and external-dns' releases in `opts.dependsOn`: destroy then deletes
 * the Ingress first, and the controller removes the ALB's rules (or the ALB, for the group's
 * last Ingress) and external-dns its record while both still run.
 */
export class ExampleAlbIngress extends pulumi.ComponentResource {
    readonly ingress: k8s.networking.v1.Ingress;
    readonly url: string;

    constructor(name: string, args: ExampleAlbIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:ExampleAlbIngress", name, {}, opts);
        const { healthcheckPath, ingressName } = { ...EXAMPLE_ALB_INGRESS_DEFAULTS, ...args };
        this.url = `https://${args.host}${EXAMPLE_PATH}`;

        this.ingress = new k8s.networking.v1.Ingress(
            `${name}-ingress`,
            {
                metadata: {
                    name: ingressName,
                    namespace: args.namespace,
                    annotations: {
                        // Same as the class's params (which win); kept so the object reads like the guide's.
                        [ALB_ANNOTATIONS.targetType]: "ip",
                        // HTTP is only there to redirect (the class sets sslRedirectPort 443).
                        [ALB_ANNOTATIONS.listenPorts]: JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
                        [ALB_ANNOTATIONS.healthcheckPath]: healthcheckPath,
                    },
                },
                spec: {
                    ingressClassName: ALB_INGRESS_CLASS,
                    rules: [
                        {
                            host: args.host,
                            http: {
                                paths: [
                                    {
                                        path: EXAMPLE_PATH,
                                        pathType: "Prefix",
                                        backend: { service: { name: args.backend.service, port: { number: args.backend.port } } },
                                    },
                                ],
                            },
                        },
                    ],
                },
            },
            { parent: this, provider: args.provider, dependsOn: dependsOnList(opts?.dependsOn) },
        );

        this.registerOutputs({ url: this.url });
    }
}
