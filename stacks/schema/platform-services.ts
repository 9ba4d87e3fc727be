import { z } from "zod";
import { logRetentionDays, type SchemaContext } from "./common.js";

/** EFS lifecycle transitions to Infrequent Access the API accepts (`TransitionToIA`). */
export const EFS_IA_TRANSITIONS = [
    "AFTER_1_DAY",
    "AFTER_7_DAYS",
    "AFTER_14_DAYS",
    "AFTER_30_DAYS",
    "AFTER_60_DAYS",
    "AFTER_90_DAYS",
    "AFTER_180_DAYS",
    "AFTER_270_DAYS",
    "AFTER_365_DAYS",
] as const;

const replicas = (max: number) => z.number().int().min(1).max(max);

/** `efs`: an encrypted, multi-AZ file system with the EFS CSI driver and an `efs` StorageClass. */
export function efsSchema(_ctx: SchemaContext) {
    return z.strictObject({
        /** The file system, its mount targets, the CSI driver add-on and the `efs` StorageClass. */
        enabled: z.boolean(),
        /** When files untouched for this long move to Infrequent Access. */
        transitionToIa: z.enum(EFS_IA_TRANSITIONS),
        /** Automatic daily AWS Backup of the file system. */
        backups: z.boolean(),
        /** A ReadWriteMany claim mounted by two pods on different nodes, proving the wiring. */
        example: z.boolean(),
    });
}

/** `externalSecrets`: External Secrets Operator reading the cluster's own SSM and Secrets Manager prefix. */
export function externalSecretsSchema(_ctx: SchemaContext) {
    return z.strictObject({
        /** The operator, its Pod Identity role and the two ClusterSecretStores. */
        enabled: z.boolean(),
        /** Controller replicas (leader election on above 1); the webhook and cert controller get the same. */
        replicas: replicas(5),
        /** A parameter `/<cluster>/example/greeting` and an ExternalSecret that syncs it. */
        example: z.boolean(),
    });
}

/** `observability`: the amazon-cloudwatch-observability add-on and its log groups. */
export function observabilitySchema(_ctx: SchemaContext) {
    return z.strictObject({
        /** Container Insights with enhanced observability and Fluent Bit container logs. */
        enabled: z.boolean(),
        /** Retention of the `/aws/containerinsights/<cluster>/*` log groups. */
        logRetentionDays,
    });
}

/** `reloader`: Stakater Reloader restarts workloads whose annotated ConfigMaps or Secrets change. */
export function reloaderSchema(_ctx: SchemaContext) {
    return z.strictObject({
        /** The Reloader chart. */
        enabled: z.boolean(),
        /** Replicas; above 1 the chart turns on leader election (`enableHA`). */
        replicas: replicas(3),
    });
}

export type EfsConfig = z.infer<ReturnType<typeof efsSchema>>;
export type ExternalSecretsConfig = z.infer<ReturnType<typeof externalSecretsSchema>>;
export type ObservabilityConfig = z.infer<ReturnType<typeof observabilitySchema>>;
export type ReloaderConfig = z.infer<ReturnType<typeof reloaderSchema>>;

/**
 * Tier defaults of these slices. dev keeps its cost small: EFS (no backups) and ESO on, since
 * they cost a KMS key each and a few GB; CloudWatch observability off (billed per node and per GB).
 */
export function platformServicesDefaults(prod: boolean) {
    return {
        efs: { enabled: true, transitionToIa: "AFTER_30_DAYS", backups: prod, example: !prod },
        externalSecrets: { enabled: true, replicas: 2, example: !prod },
        observability: { enabled: prod, logRetentionDays: prod ? 365 : 30 },
        reloader: { enabled: true, replicas: prod ? 2 : 1 },
    };
}
