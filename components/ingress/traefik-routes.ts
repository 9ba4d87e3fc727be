import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { TLSStore } from "@kubernetes-models/traefik/traefik.io/v1alpha1/TLSStore";

/** Traefik's entry points as the chart names them. */
export const ENTRY_POINTS = { web: "web", websecure: "websecure" } as const;

/** A Host rule in Traefik's v3 rule syntax. */
export function hostRule(host: string): string {
    return `Host(\`${host}\`)`;
}

/**
 * The default certificate for every TLS router without one of its own. Traefik supports
 * only the store named `default`, and reads its Secret from the store's own namespace.
 */
export function defaultTlsStore(namespace: string, secretName: string): TLSStore {
    const store = new TLSStore({ metadata: { name: "default", namespace }, spec: { defaultCertificate: { secretName } } });
    store.validate();
    return store;
}

/**
 * Basic auth from a `kubernetes.io/basic-auth` Secret in the Middleware's namespace: Traefik
 * hashes the plain password itself. The Authorization header is stripped before the request
 * reaches the backend.
 */
export function basicAuthMiddleware(name: string, namespace: string, secretName: string, realm: string): Middleware {
    const middleware = new Middleware({
        metadata: { name, namespace },
        spec: { basicAuth: { secret: secretName, realm, removeHeader: true } },
    });
    middleware.validate();
    return middleware;
}

export function httpsRedirectMiddleware(name: string, namespace: string): Middleware {
    const middleware = new Middleware({ metadata: { name, namespace }, spec: { redirectScheme: { scheme: "https", permanent: true } } });
    middleware.validate();
    return middleware;
}

export interface DashboardRoutesOptions {
    readonly namespace: string;
    readonly host: string;
    readonly basicAuth: string;
    readonly httpsRedirect: string;
}

/**
 * The dashboard and its API (Traefik's `api@internal` service), behind basic auth on HTTPS
 * with the default (wildcard) certificate, plus a plain-HTTP route for the same host that
 * only redirects. The `web` entry point already redirects everything; the second route keeps
 * the dashboard HTTPS-only even if that entry-point redirect is ever turned off.
 */
export function dashboardRoutes(options: DashboardRoutesOptions): { https: IngressRoute; http: IngressRoute } {
    const service = [{ name: "api@internal", kind: "TraefikService" as const }];
    const https = new IngressRoute({
        metadata: { name: "dashboard", namespace: options.namespace },
        spec: {
            entryPoints: [ENTRY_POINTS.websecure],
            routes: [{ match: hostRule(options.host), kind: "Rule", middlewares: [{ name: options.basicAuth }], services: service }],
            tls: {},
        },
    });
    const http = new IngressRoute({
        metadata: { name: "dashboard-http", namespace: options.namespace },
        spec: {
            entryPoints: [ENTRY_POINTS.web],
            routes: [{ match: hostRule(options.host), kind: "Rule", middlewares: [{ name: options.httpsRedirect }], services: service }],
        },
    });
    https.validate();
    http.validate();
    return { https, http };
}

/** An HTTPS route for one host to one Service port, using the default certificate. */
export function serviceRoute(name: string, namespace: string, host: string, service: { name: string; port: number }): IngressRoute {
    const route = new IngressRoute({
        metadata: { name, namespace },
        spec: {
            entryPoints: [ENTRY_POINTS.websecure],
            routes: [{ match: hostRule(host), kind: "Rule", services: [{ name: service.name, port: service.port }] }],
            tls: {},
        },
    });
    route.validate();
    return route;
}
