/**
 * A kubeconfig that authenticates with `aws eks get-token` and whatever AWS credentials the
 * caller has: no profile and no role are baked in, so CI, Pulumi Deployments and people can
 * all use the same file with their own credentials.
 */
export interface KubeconfigInput {
    readonly clusterName: string;
    readonly region: string;
    readonly endpoint: string;
    readonly certificateAuthorityData: string;
}

export function buildKubeconfig(input: KubeconfigInput) {
    const context = `${input.clusterName}`;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: context, cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthorityData } }],
        contexts: [{ name: context, context: { cluster: context, user: context } }],
        "current-context": context,
        preferences: {},
        users: [
            {
                name: context,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["--region", input.region, "eks", "get-token", "--cluster-name", input.clusterName, "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    };
}

/** The command an operator runs to add the cluster to their own kubeconfig. */
export function updateKubeconfigCommand(region: string, clusterName: string): string {
    return `aws eks update-kubeconfig --region ${region} --name ${clusterName}`;
}
