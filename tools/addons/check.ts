/**
 * `npm run addons:check -- --stack <s>`: compares the add-on matrix row of the stack's
 * Kubernetes version (with the stack's own pins) with what EKS offers today
 * (`DescribeAddonVersions`, the API behind `aws eks describe-addon-versions`), and says what to
 * change in `domain/addon-matrix.ts`.
 *
 * Exit codes: 0 every pinned version is offered; 1 one is not (EKS would refuse it); 2 usage or
 * config mistakes, or no AWS credentials (it never guesses offline).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DescribeAddonVersionsCommand, EKSClient, type DescribeAddonVersionsCommandOutput } from "@aws-sdk/client-eks";
import { addonNames, addonVersionsFor, compareAddonVersions, listedAddonVersions, type AddonName } from "../../domain/addon-matrix.js";
import { PROJECT_DIR } from "../../engine/engine.js";
import { readStackFiles } from "../../engine/stack-files.js";
import { parsePlatformConfig } from "../../stacks/config.js";

export const USAGE = "usage: npm run addons:check -- --stack <dev|prod>";

export interface OfferedVersion {
    readonly version: string;
    /** EKS installs this one when no version is given, for this Kubernetes version. */
    readonly isDefault: boolean;
}

/** What EKS offers of `addon` for `kubernetesVersion`. */
export type OfferedVersions = (addon: string, kubernetesVersion: string) => Promise<OfferedVersion[]>;

/** The part of EKSClient the check uses, so tests can hand in a fake. */
export interface EksSend {
    send(command: DescribeAddonVersionsCommand): Promise<Pick<DescribeAddonVersionsCommandOutput, "addons" | "nextToken">>;
}

/** Every version of `addon` EKS lists as compatible with `kubernetesVersion`, all pages. */
export function eksOfferedVersions(client: EksSend): OfferedVersions {
    return async (addon, kubernetesVersion) => {
        const offered: OfferedVersion[] = [];
        let nextToken: string | undefined;
        do {
            const page = await client.send(new DescribeAddonVersionsCommand({ addonName: addon, kubernetesVersion, nextToken }));
            for (const info of page.addons ?? []) {
                if (info.addonName !== addon) continue;
                for (const version of info.addonVersions ?? []) {
                    const compatibility = (version.compatibilities ?? []).find((c) => c.clusterVersion === kubernetesVersion);
                    if (version.addonVersion && compatibility) offered.push({ version: version.addonVersion, isDefault: compatibility.defaultVersion === true });
                }
            }
            nextToken = page.nextToken;
        } while (nextToken);
        return offered;
    };
}

export interface AddonCheck {
    readonly addon: AddonName;
    readonly pinned: string;
    /** The pin comes from the stack's `cluster.addonVersions`, not the matrix. */
    readonly stackPin: boolean;
    readonly offered: boolean;
    readonly defaultVersion: string | undefined;
    readonly newest: string | undefined;
    /** Listed in the matrix as accepted, but no longer offered. */
    readonly staleAccepted: string[];
}

function newestOf(versions: readonly string[]): string | undefined {
    return [...versions].sort((a, b) => compareAddonVersions(b, a) ?? b.localeCompare(a))[0];
}

export async function checkAddons(
    kubernetesVersion: Parameters<typeof addonVersionsFor>[0],
    pins: Partial<Record<AddonName, string>>,
    offeredVersions: OfferedVersions,
): Promise<AddonCheck[]> {
    const pinned = addonVersionsFor(kubernetesVersion, pins);
    const checks: AddonCheck[] = [];
    for (const addon of addonNames()) {
        const offered = await offeredVersions(addon, kubernetesVersion);
        const versions = offered.map((o) => o.version);
        checks.push({
            addon,
            pinned: pinned[addon],
            stackPin: pins[addon] !== undefined,
            offered: versions.includes(pinned[addon]),
            defaultVersion: offered.find((o) => o.isDefault)?.version,
            newest: newestOf(versions),
            staleAccepted: listedAddonVersions(kubernetesVersion, addon).slice(1).filter((v) => !versions.includes(v)),
        });
    }
    return checks;
}

/** One line per add-on, then what to change. */
export function renderChecks(stack: string, kubernetesVersion: string, checks: readonly AddonCheck[]): string {
    const lines = [`Add-ons of stack ${stack} (Kubernetes ${kubernetesVersion}) against what EKS offers now:`];
    const todo: string[] = [];
    for (const c of checks) {
        const where = c.stackPin ? `cluster.addonVersions.${c.addon} in Pulumi.${stack}.yaml` : `ADDON_MATRIX["${kubernetesVersion}"]["${c.addon}"] in domain/addon-matrix.ts`;
        const facts = `default ${c.defaultVersion ?? "none"}, newest ${c.newest ?? "none"}`;
        if (!c.offered) {
            lines.push(`  ${c.addon}: ${c.pinned} NOT OFFERED (${facts})`);
            todo.push(`set ${where} to ${c.defaultVersion ?? c.newest ?? "a version EKS lists"}: EKS refuses ${c.pinned} on ${kubernetesVersion}`);
        } else if (c.newest && c.newest !== c.pinned && (compareAddonVersions(c.newest, c.pinned) ?? 0) > 0) {
            lines.push(`  ${c.addon}: ${c.pinned} offered, newer available (${facts})`);
            todo.push(`consider ${c.newest} for ${where} (read its release notes, deploy dev first)`);
        } else {
            lines.push(`  ${c.addon}: ${c.pinned} offered (${facts})`);
        }
        for (const stale of c.staleAccepted) todo.push(`remove ${stale} from the accepted versions of ${c.addon} on ${kubernetesVersion}: EKS no longer offers it`);
    }
    lines.push("", todo.length === 0 ? "Nothing to change." : "To change:", ...todo.map((t) => `  - ${t}`));
    return `${lines.join("\n")}\n`;
}

/**
 * Whether the AWS SDK has somewhere to take credentials from, decided without a network call
 * (the SDK's last resort, the EC2 instance metadata endpoint, is only tried when asked for with
 * AWS_EC2_METADATA_DISABLED=false).
 */
export function hasCredentialSource(env: NodeJS.ProcessEnv, home = os.homedir()): boolean {
    if (env["AWS_ACCESS_KEY_ID"] && env["AWS_SECRET_ACCESS_KEY"]) return true;
    if (env["AWS_PROFILE"] || env["AWS_WEB_IDENTITY_TOKEN_FILE"]) return true;
    if (env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] || env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) return true;
    if (env["AWS_EC2_METADATA_DISABLED"] === "false") return true;
    const files = [env["AWS_SHARED_CREDENTIALS_FILE"] ?? path.join(home, ".aws", "credentials"), env["AWS_CONFIG_FILE"] ?? path.join(home, ".aws", "config")];
    return files.some((file) => fs.existsSync(file));
}

const NEEDS_CREDENTIALS =
    "addons:check needs AWS credentials to ask EKS which add-on versions it offers (DescribeAddonVersions); " +
    "none were found. Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (any principal with eks:DescribeAddonVersions) " +
    "and run it again; on EC2 or in a pod with an instance role, set AWS_EC2_METADATA_DISABLED=false.";

export interface CheckDeps {
    /** @default process.env */
    readonly env?: NodeJS.ProcessEnv;
    /** @default the user's home directory */
    readonly home?: string;
    /** @default an EKSClient for the stack's region */
    readonly client?: (region: string) => EksSend;
    /** @default this repository */
    readonly projectDir?: string;
}

function isCredentialsError(err: unknown): boolean {
    const name = (err as { name?: string })?.name ?? "";
    return ["CredentialsProviderError", "ExpiredTokenException", "UnrecognizedClientException", "InvalidClientTokenId"].includes(name);
}

export async function addonsCheckCommand(
    argv: readonly string[],
    io: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void },
    deps: CheckDeps = {},
): Promise<number> {
    let stack: string | undefined;
    try {
        ({ values: { stack } } = parseArgs({ args: [...argv], options: { stack: { type: "string", short: "s" } }, strict: true, allowPositionals: false }));
    } catch (err) {
        io.stderr(`${(err as Error).message}\n${USAGE}\n`);
        return 2;
    }
    if (!stack) {
        io.stderr(`--stack is required\n${USAGE}\n`);
        return 2;
    }
    let config: ReturnType<typeof parsePlatformConfig>;
    try {
        const files = readStackFiles(deps.projectDir ?? PROJECT_DIR, stack);
        config = parsePlatformConfig({ project: files.project, stack, values: files.values });
    } catch (err) {
        io.stderr(`${(err as Error).message}\n`);
        return 2;
    }
    const env = deps.env ?? process.env;
    if (!deps.client && !hasCredentialSource(env, deps.home)) {
        io.stderr(`${NEEDS_CREDENTIALS}\n`);
        return 2;
    }
    const client = deps.client ? deps.client(config.region) : new EKSClient({ region: config.region });
    let checks: AddonCheck[];
    try {
        checks = await checkAddons(config.cluster.version, config.cluster.addonVersions ?? {}, eksOfferedVersions(client));
    } catch (err) {
        if (isCredentialsError(err)) {
            io.stderr(`${NEEDS_CREDENTIALS}\n(${(err as Error).message})\n`);
            return 2;
        }
        io.stderr(`DescribeAddonVersions failed: ${(err as Error).message}\n`);
        return 1;
    }
    io.stdout(renderChecks(stack, config.cluster.version, checks));
    return checks.every((c) => c.offered) ? 0 : 1;
}
