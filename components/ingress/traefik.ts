import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TRAEFIK_CHART } from "../../domain/versions.js";
import { customResource } from "./custom-resource.js";
import { dependsOnList } from "./dependencies.js";
import { defaultTlsStore } from "./traefik-routes.js";
import { TRAEFIK_NAMESPACE, TRAEFIK_RELEASE, traefikValues, type TraefikLoadBalancer } from "./traefik-values.js";
import { chartRelease } from "../helm/chart-release.js";

export interface TraefikArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The Secret (in Traefik's namespace) holding the default certificate. */
    readonly defaultCertificateSecret: string;
    /** Traefik replicas. @default 2 */
    readonly replicas?: number;
    /**
     * The AWS Load Balancer Controller's release and the VPC CIDR (proxy protocol's trusted
     * sources): the NLB then comes from the controller, and the chart is installed after it and
     * uninstalled before it. Without it the in-tree cloud provider builds the NLB. @default undefined
     */
    readonly loadBalancerController?: { readonly release: pulumi.Resource; readonly vpcCidr: string };
}

export const TRAEFIK_DEFAULTS = { replicas: 2 };

/**
 * Traefik as the cluster's default ingress: the chart behind an internet-facing NLB, HTTP
 * redirected to HTTPS, the wildcard certificate as the default one, and the LoadBalancer
 * Service read back once the chart is installed so DNS can point at its NLB.
 */
export class Traefik extends pulumi.ComponentResource {
    readonly namespace: k8s.core.v1.Namespace;
    readonly namespaceName: string;
    readonly release: k8s.helm.v3.Release;
    readonly tlsStore: k8s.apiextensions.CustomResource;
    /** The chart's LoadBalancer Service as the cluster reports it. */
    readonly service: k8s.core.v1.Service;
    /** The NLB's DNS name, from the Service's status. */
    readonly loadBalancerHostname: pulumi.Output<string>;

    constructor(name: string, args: TraefikArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:Traefik", name, {}, opts);
        const { replicas } = { ...TRAEFIK_DEFAULTS, ...args };
        const provider = args.provider;
        const lbc = args.loadBalancerController;
        const loadBalancer: TraefikLoadBalancer = lbc ? { kind: "controller", vpcCidr: lbc.vpcCidr } : { kind: "in-tree" };

        this.namespaceName = TRAEFIK_NAMESPACE;
        this.namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: TRAEFIK_NAMESPACE } }, { parent: this, provider });
        this.release = new k8s.helm.v3.Release(
            `${name}-chart`,
            chartRelease(TRAEFIK_CHART, {
                name: TRAEFIK_RELEASE,
                namespace: this.namespace.metadata.name,
                values: traefikValues({ replicas, loadBalancer }),
                // Helm's wait includes the LoadBalancer Service getting its address, which DNS needs.
                skipAwait: false,
                timeout: 900,
            }),
            { parent: this, provider, dependsOn: [...dependsOnList(opts?.dependsOn), ...(lbc ? [lbc.release] : [])] },
        );

        this.tlsStore = customResource(`${name}-tls-store`, defaultTlsStore(TRAEFIK_NAMESPACE, args.defaultCertificateSecret), {
            parent: this,
            provider,
            dependsOn: [this.release],
        });

        // The chart names the Service after the release. Its id comes from the release's status,
        // so the read happens after the install and is deferred in a first preview, when the
        // Service does not exist yet.
        this.service = k8s.core.v1.Service.get(
            `${name}-service`,
            this.release.status.apply((status) => `${status.namespace}/${status.name}`),
            { parent: this, provider, dependsOn: [this.release] },
        );
        this.loadBalancerHostname = this.service.status.apply((status) => {
            const hostname = status?.loadBalancer?.ingress?.[0]?.hostname;
            if (!hostname) {
                throw new Error(
                    `Service ${TRAEFIK_NAMESPACE}/${TRAEFIK_RELEASE} has no load balancer hostname; check its events (kubectl -n ${TRAEFIK_NAMESPACE} describe service ${TRAEFIK_RELEASE}) and that the public subnets carry kubernetes.io/role/elb=1`,
                );
            }
            return hostname;
        });

        this.registerOutputs({ namespace: this.namespaceName, loadBalancerHostname: this.loadBalancerHostname });
    }
}
