import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { customResource } from "./custom-resource.js";
import { basicAuthMiddleware, dashboardRoutes, httpsRedirectMiddleware } from "./traefik-routes.js";

export interface TraefikDashboardArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The cluster's name, for the Secrets Manager name and description. */
    readonly clusterName: string;
    /** Traefik's namespace: the Middlewares and their Secret must live beside the route. */
    readonly namespace: k8s.core.v1.Namespace;
    /** That namespace's name. */
    readonly namespaceName: string;
    /** The dashboard's host, e.g. `traefik.k8s-eu-west-1-eks-dev.example.com`. */
    readonly host: string;
    /** What installs Traefik's CRDs (the chart). */
    readonly crds: pulumi.Resource;
    /** Customer-managed KMS key of the Secrets Manager secret (the platform's `secretsManager` key). @default aws/secretsmanager */
    readonly secretKmsKeyArn?: pulumi.Input<string>;
    /** Basic-auth user name. @default "admin" */
    readonly username?: string;
    /** Tags for AWS resources. @default {} */
    readonly tags?: Record<string, string>;
}

export const TRAEFIK_DASHBOARD_DEFAULTS = { username: "admin", tags: {} as Record<string, string> };

/** 32 letters and digits: about 190 bits, and nothing a shell or a URL needs escaped. */
const PASSWORD_LENGTH = 32;

/**
 * The Traefik dashboard at `traefik.<subdomain>`, on HTTPS behind basic auth. The password is
 * generated, kept in Secrets Manager for people (JSON with username and password) and in a
 * `kubernetes.io/basic-auth` Secret for Traefik, and is a Pulumi secret everywhere it appears.
 */
export class TraefikDashboard extends pulumi.ComponentResource {
    readonly url: string;
    readonly username: string;
    /** A Pulumi secret. */
    readonly password: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;

    constructor(name: string, args: TraefikDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:TraefikDashboard", name, {}, opts);
        const { username, tags } = { ...TRAEFIK_DASHBOARD_DEFAULTS, ...args };
        const provider = args.provider;
        const namespace = args.namespaceName;
        this.url = `https://${args.host}/dashboard/`;
        this.username = username;

        const generated = new random.RandomPassword(`${name}-password`, { length: PASSWORD_LENGTH, special: false }, { parent: this });
        // The engine marks `result` secret; wrapping it says so in the program too, so nothing
        // derived from it (the JSON below, the Secret's data) can lose the mark.
        this.password = pulumi.secret(generated.result);

        const awsSecret = new aws.secretsmanager.Secret(
            `${name}-credentials`,
            {
                namePrefix: `eks/${args.clusterName}/traefik-dashboard-`,
                description: `Basic-auth credentials of the Traefik dashboard at ${this.url}`,
                // Readers need kms:Decrypt on this key as well as GetSecretValue.
                kmsKeyId: args.secretKmsKeyArn,
                tags,
            },
            { parent: this },
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-credentials`,
            { secretId: awsSecret.id, secretString: pulumi.jsonStringify({ username, password: this.password }) },
            { parent: this },
        );
        this.secretArn = awsSecret.arn;

        const basicAuthSecret = new k8s.core.v1.Secret(
            `${name}-basic-auth`,
            {
                metadata: { name: "dashboard-basic-auth", namespace: args.namespace.metadata.name },
                type: "kubernetes.io/basic-auth",
                stringData: { username, password: this.password },
            },
            { parent: this, provider },
        );

        const crdOpts = { parent: this, provider, dependsOn: [args.crds] };
        const auth = customResource(
            `${name}-auth`,
            basicAuthMiddleware("dashboard-auth", namespace, "dashboard-basic-auth", "traefik-dashboard"),
            { ...crdOpts, dependsOn: [args.crds, basicAuthSecret] },
        );
        const redirect = customResource(`${name}-https-redirect`, httpsRedirectMiddleware("https-redirect", namespace), crdOpts);
        const routes = dashboardRoutes({ namespace, host: args.host, basicAuth: "dashboard-auth", httpsRedirect: "https-redirect" });
        // Created after its auth Middleware, so the route never exists without it.
        customResource(`${name}-route`, routes.https, { ...crdOpts, dependsOn: [args.crds, auth] });
        customResource(`${name}-route-http`, routes.http, { ...crdOpts, dependsOn: [args.crds, redirect] });

        this.registerOutputs({ url: this.url, username, password: this.password, secretArn: this.secretArn });
    }
}
