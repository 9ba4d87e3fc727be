/**
 * Pure builders of External Secrets Operator: its IAM document, chart values and typed
 * ClusterSecretStores/ExternalSecrets. Keys and fields read at external-secrets tag
 * helm-chart-2.9.0 (deploy/charts/external-secrets/values.yaml and values.schema.json,
 * apis/externalsecrets/v1, docs/provider/aws-access.md).
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ClusterSecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore";
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import type { AwsContext } from "../aws-context.js";
import { onKarpenterNodes, spreadOverZones } from "../ingress/scheduling.js";

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
/** Set explicitly (the chart derives it from the release name otherwise): the Pod Identity association names it. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";

/** The two stores every namespace may reference. */
export const SECRET_STORES = {
    parameterStore: "aws-parameter-store",
    secretsManager: "aws-secrets-manager",
} as const;

/** Where the cluster's secrets live: `/<cluster>/...` in Parameter Store, `<cluster>/...` in Secrets Manager. */
export function secretPrefixes(clusterName: string) {
    return { parameterStore: `/${clusterName}/`, secretsManager: `${clusterName}/` };
}

/**
 * Read-only and only the cluster's own prefix (the AWS provider docs: GetParameter* for Parameter
 * Store, GetSecretValue and DescribeSecret for Secrets Manager), and decrypt with the cluster's
 * secrets key only when SSM or Secrets Manager asks on the operator's behalf.
 */
export function externalSecretsPolicy(ctx: AwsContext, clusterName: string, keyArn: pulumi.Input<string>): aws.iam.PolicyDocument {
    const arn = (service: string, resource: string) => `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadClusterParameters",
                Effect: "Allow",
                Action: ["ssm:GetParameter*"],
                Resource: arn("ssm", `parameter/${clusterName}/*`),
            },
            {
                Sid: "ReadClusterSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: arn("secretsmanager", `secret:${clusterName}/*`),
            },
            {
                Sid: "DecryptThroughSsmAndSecretsManager",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: keyArn,
                Condition: {
                    StringEquals: { "kms:ViaService": [`ssm.${ctx.region}.${ctx.dnsSuffix}`, `secretsmanager.${ctx.region}.${ctx.dnsSuffix}`] },
                },
            },
        ],
    };
}

const COMPONENT_RESOURCES = { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } };

/**
 * Chart values: every Deployment (controller, webhook, cert controller) on Karpenter's nodes,
 * spread over zones, with a PodDisruptionBudget when it has more than one replica. The chart's
 * own security contexts (non-root, read-only root, no capabilities) are its defaults and kept.
 */
export function externalSecretsValues(replicas: number) {
    const ha = replicas > 1;
    const component = (name: string) => ({
        replicaCount: replicas,
        affinity: onKarpenterNodes(),
        topologySpreadConstraints: spreadOverZones({ "app.kubernetes.io/name": name }),
        podDisruptionBudget: { enabled: ha, minAvailable: 1 },
        resources: COMPONENT_RESOURCES,
    });
    return {
        installCRDs: true,
        // Replicas above one stand by; leader election decides which one reconciles.
        leaderElect: ha,
        serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
        ...component("external-secrets"),
        webhook: component("external-secrets-webhook"),
        certController: component("external-secrets-cert-controller"),
    };
}

/**
 * A ClusterSecretStore for one AWS service. No `auth`: the controller's own Pod Identity
 * credentials are used (the docs' "Controller's Pod Identity"). The store's `prefix` keeps every
 * key under the cluster's prefix, so an ExternalSecret names `app/db`, not the full path.
 */
export function clusterSecretStore(service: "ParameterStore" | "SecretsManager", clusterName: string, region: string): ClusterSecretStore {
    const prefixes = secretPrefixes(clusterName);
    const store = new ClusterSecretStore({
        metadata: { name: service === "ParameterStore" ? SECRET_STORES.parameterStore : SECRET_STORES.secretsManager },
        spec: {
            provider: {
                aws: { service, region, prefix: service === "ParameterStore" ? prefixes.parameterStore : prefixes.secretsManager },
            },
        },
    });
    store.validate();
    return store;
}

export const EXAMPLE_NAMESPACE = "external-secrets-example";
/** The example's key, relative to the store's prefix: `/<cluster>/example/greeting` in Parameter Store. */
export const EXAMPLE_KEY = "example/greeting";
export const EXAMPLE_SECRET = "example-greeting";

/** Syncs the example parameter into a Secret, refreshed hourly; the Secret goes with it. */
export function exampleExternalSecret(): ExternalSecret {
    const secret = new ExternalSecret({
        metadata: { name: EXAMPLE_SECRET, namespace: EXAMPLE_NAMESPACE },
        spec: {
            refreshInterval: "1h",
            secretStoreRef: { kind: "ClusterSecretStore", name: SECRET_STORES.parameterStore },
            target: { name: EXAMPLE_SECRET, creationPolicy: "Owner", deletionPolicy: "Delete" },
            data: [{ secretKey: "greeting", remoteRef: { key: EXAMPLE_KEY } }],
        },
    });
    secret.validate();
    return secret;
}
