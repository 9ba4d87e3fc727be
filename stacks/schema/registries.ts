import { z } from "zod";
import type { SchemaContext } from "./common.js";

/** ECR's own pattern for repository names (CreateRepository API), path segments included. */
export const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** The placeholder a repository name may carry for `registries.satelliteId`. */
export const SATELLITE_ID_PLACEHOLDER = "{satelliteId}";

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ACCOUNT_ID = /^\d{12}$/;

const repository = z.preprocess(
    // A bare name is the common case; the object form marks a repository as not stateful.
    (value) => (typeof value === "string" ? { name: value } : value),
    z.strictObject({
        /** Repository name under `registries.prefix`; may contain `{satelliteId}`. */
        name: z.string().min(1),
        /** Its images cannot be rebuilt at will: `protect`ed when the stack protects resources. @default true */
        stateful: z.boolean().default(true),
    }),
);

export function registriesSchema(ctx: SchemaContext) {
    return z
        .strictObject({
            /** Path prefix of every repository (`<prefix>/<name>`), e.g. the product name. */
            prefix: z
                .string()
                .regex(ECR_REPOSITORY_NAME, { error: "must be lowercase letters, digits and . _ - / like acme or acme/apps" })
                .optional(),
            /** Identifies this deployment's satellite; fills `{satelliteId}` in repository names. */
            satelliteId: z
                .string()
                .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, { error: "must be lowercase letters and digits, e.g. eu1" })
                .optional(),
            /** The repositories to create: names, or `{ name, stateful }`. */
            repositories: z.array(repository),
            lifecycle: z.strictObject({
                /** Tagged images kept per repository; older ones expire. */
                keepTaggedImages: z.number().int().min(1).max(10_000),
                /** Days an untagged image (a layer left by a re-push or a failed build) lives. */
                untaggedExpiryDays: z.number().int().min(1).max(3650),
            }),
            /**
             * Let `pulumi destroy` delete repositories that still hold images. Never in prod:
             * a destroy there must not take the images with it.
             */
            forceDelete: z.boolean(),
            /** Accounts whose principals may pull (never push) every repository of this stack. */
            pullAccountIds: z.array(z.string().regex(ACCOUNT_ID, { error: "must be a 12-digit AWS account id like 111122223333" })),
            /** An existing KMS key for image encryption; when absent the registries create a rotated one. */
            kmsKeyArn: z
                .string()
                .regex(KMS_KEY_ARN, { error: "must be a KMS key ARN like arn:aws:kms:eu-west-1:123456789012:key/<key-id>" })
                .optional(),
        })
        .superRefine((registries, issue) => {
            if (ctx.tier === "prod" && registries.forceDelete === true) {
                issue.addIssue({
                    code: "custom",
                    path: ["forceDelete"],
                    message: "must be false in prod: a destroy must not delete images; remove the key (prod defaults to false)",
                });
            }
            if (!Array.isArray(registries.repositories)) return;
            const seen = new Map<string, number>();
            registries.repositories.forEach((repo, index) => {
                if (typeof repo?.name !== "string") return;
                const fullName = repositoryFullName(registries.prefix, registries.satelliteId, repo.name);
                if (repo.name.includes(SATELLITE_ID_PLACEHOLDER) && registries.satelliteId === undefined) {
                    issue.addIssue({
                        code: "custom",
                        path: ["repositories", index, "name"],
                        message: `"${repo.name}" uses ${SATELLITE_ID_PLACEHOLDER} but registries.satelliteId is not set; set it (e.g. eu1) or write the name out`,
                    });
                    return;
                }
                if (!ECR_REPOSITORY_NAME.test(fullName) || fullName.length < 2 || fullName.length > 256) {
                    issue.addIssue({
                        code: "custom",
                        path: ["repositories", index, "name"],
                        message: `"${fullName}" is not an ECR repository name; use 2-256 lowercase letters, digits and . _ - / (e.g. execution-engine)`,
                    });
                    return;
                }
                const first = seen.get(fullName);
                if (first !== undefined) {
                    issue.addIssue({
                        code: "custom",
                        path: ["repositories", index, "name"],
                        message: `"${fullName}" is listed twice (also registries.repositories[${first}]); remove one of them`,
                    });
                } else {
                    seen.set(fullName, index);
                }
            });
        });
}

export type RegistriesConfig = z.infer<ReturnType<typeof registriesSchema>>;

/** `<prefix>/<name>` with `{satelliteId}` filled in: the name ECR knows the repository by. */
export function repositoryFullName(prefix: string | undefined, satelliteId: string | undefined, name: string): string {
    const filled = satelliteId === undefined ? name : name.split(SATELLITE_ID_PLACEHOLDER).join(satelliteId);
    return prefix ? `${prefix}/${filled}` : filled;
}
