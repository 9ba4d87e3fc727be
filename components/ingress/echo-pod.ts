import { ECHO_IMAGE } from "../../domain/versions.js";

/** The echo image's user: distroless nonroot. */
export const ECHO_NONROOT_UID = 65532;

/** The port the echo server listens on. */
export const ECHO_PORT = 5678;

/**
 * The pod security context and the hardened container of the echo server (`hashicorp/http-echo`):
 * non-root, read-only root filesystem, no privilege escalation, no capabilities, probes on
 * /health, requests and a memory limit. The ingress check and the EFS example both run it.
 */
export function echoPodSecurityContext() {
    return { runAsNonRoot: true, runAsUser: ECHO_NONROOT_UID, runAsGroup: ECHO_NONROOT_UID, seccompProfile: { type: "RuntimeDefault" } };
}

export function echoContainer(text: string, volumeMounts?: { name: string; mountPath: string }[]) {
    const probe = { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, timeoutSeconds: 2 };
    return {
        name: "echo",
        image: ECHO_IMAGE,
        args: [`-listen=:${ECHO_PORT}`, `-text=${text}`],
        ports: [{ name: "http", containerPort: ECHO_PORT, protocol: "TCP" }],
        ...(volumeMounts ? { volumeMounts } : {}),
        readinessProbe: probe,
        livenessProbe: { ...probe, failureThreshold: 3 },
        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ["ALL"] } },
    };
}
