import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Thrown for anything wrong with the project or stack files themselves (not their values). */
export class StackFileError extends Error {
    override name = "StackFileError";
}

export interface StackFiles {
    readonly project: string;
    /** Raw config as the Pulumi CLI would hand it to the program: `ns:key` -> string. */
    readonly values: Record<string, string>;
    /** Keys holding at least one `secure:` value. Offline they carry a placeholder, never plaintext. */
    readonly secretKeys: string[];
}

/** The value an offline run gives a `secure:` config value: ciphertext cannot be decrypted here. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-placeholder-secret";

/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI does for a program run:
 * project-declared keys get their defaults, required ones must be set, objects are
 * JSON-encoded, `secure:` values become secrets.
 */
export function readStackFiles(projectDir: string, stack: string, overrides: Record<string, unknown> = {}): StackFiles {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new StackFileError(`"${stack}" is not a valid stack name`);
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(projectFile)) throw new StackFileError(`no Pulumi.yaml in ${projectDir}`);
    if (!fs.existsSync(stackFile)) {
        const known = fs
            .readdirSync(projectDir)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined);
        throw new StackFileError(`unknown stack "${stack}": there is no Pulumi.${stack}.yaml (stacks: ${known.join(", ") || "none"})`);
    }
    const project = parseYaml(projectFile) as { name?: unknown; config?: Record<string, ProjectConfigKey> };
    if (typeof project.name !== "string") throw new StackFileError("Pulumi.yaml has no project name");
    const stackDoc = (parseYaml(stackFile) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, unknown> = { ...(stackDoc.config ?? {}) };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === null) delete config[key];
        else config[key] = value;
    }

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        const { plain, secret } = decodeSecure(value);
        values[full] = typeof plain === "string" ? plain : JSON.stringify(plain);
        if (secret) secretKeys.push(full);
    }
    for (const [key, declared] of Object.entries(project.config ?? {})) {
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        if (full in values) continue;
        if (declared?.default !== undefined) {
            values[full] = typeof declared.default === "string" ? declared.default : JSON.stringify(declared.default);
        } else {
            throw new StackFileError(
                `Pulumi.${stack}.yaml is missing the required config key ${full}; run \`pulumi config set ${key} <value> --stack ${stack}\``,
            );
        }
    }
    return { project: project.name, values, secretKeys };
}

interface ProjectConfigKey {
    readonly type?: string;
    readonly default?: unknown;
}

function parseYaml(file: string): unknown {
    try {
        return parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new StackFileError(`${path.basename(file)} is not valid YAML: ${(err as Error).message}`);
    }
}

function decodeSecure(value: unknown): { plain: unknown; secret: boolean } {
    if (isSecure(value)) return { plain: OFFLINE_SECRET_PLACEHOLDER, secret: true };
    if (Array.isArray(value)) {
        const items = value.map(decodeSecure);
        return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        let secret = false;
        const plain: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const decoded = decodeSecure(v);
            plain[k] = decoded.plain;
            secret ||= decoded.secret;
        }
        return { plain, secret };
    }
    return { plain: value, secret: false };
}

function isSecure(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}
