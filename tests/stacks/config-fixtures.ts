import { expect } from "chai";
import { ConfigError, parsePlatformConfig, type PlatformConfig } from "../../stacks/config.js";

/**
 * Builds a config source from plain objects, the way Pulumi would hand it over:
 * `eks-platform:<key>` values JSON-encoded (strings stay plain).
 */
export function configSource(config: Record<string, unknown>, opts: { stack?: string; region?: string | null } = {}) {
    const values: Record<string, string> = {};
    if (opts.region !== null) values["aws:region"] = opts.region ?? "eu-west-1";
    for (const [key, value] of Object.entries(config)) {
        values[`eks-platform:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { project: "eks-platform", stack: opts.stack ?? "test", values };
}

/** The smallest valid config of a tier. */
export function minimal(tier: "dev" | "prod"): Record<string, unknown> {
    return tier === "dev"
        ? { tier, cluster: { endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } } }
        : { tier };
}

export function parse(config: Record<string, unknown>, opts?: { stack?: string; region?: string | null }): PlatformConfig {
    return parsePlatformConfig(configSource(config, opts));
}

/** The problems a bad config is reported with, as `key: message` lines; fails unless it is a ConfigError. */
export function problemsOf(config: Record<string, unknown>, opts?: { stack?: string; region?: string | null }): string[] {
    try {
        parse(config, opts);
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems.map((p) => `${p.key}: ${p.message}`);
    }
    expect.fail("expected a ConfigError");
}
