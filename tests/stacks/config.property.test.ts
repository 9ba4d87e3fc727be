import { expect } from "chai";
import fc from "fast-check";
import { ConfigError, parsePlatformConfig } from "../../stacks/config.js";
import { configSource, minimal } from "./config-fixtures.js";

/** Values of every JSON shape, biased towards the keys and values the schema knows. */
const knownKeys = ["tier", "tags", "network", "cluster", "cidr", "azCount", "natGateways", "endpoint", "publicAccess", "publicAccessCidrs", "systemNodes", "minSize", "maxSize", "version", "flowLogs", "retentionDays"];
const leaf = fc.oneof(
    fc.constantFrom("dev", "prod", "10.0.0.0/16", "0.0.0.0/0", "1.36", "single", "onePerAz", "", "API"),
    fc.string(),
    fc.integer({ min: -5, max: 70000 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
);
const value = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.constantFrom(...knownKeys), fc.string()), tie("value"), { maxKeys: 5 }),
    ),
})).value;

describe("stack config, property-based", () => {
    it("any config either parses or fails with a ConfigError naming keys, never a crash", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...knownKeys.slice(0, 4)), fc.string()), value, { maxKeys: 6 }), (config) => {
                try {
                    parsePlatformConfig(configSource(config));
                } catch (err) {
                    expect(err, String(err)).to.be.instanceOf(ConfigError);
                    const problems = (err as ConfigError).problems;
                    expect(problems).to.not.be.empty;
                    for (const p of problems) {
                        expect(p.key).to.be.a("string").and.not.equal("");
                        expect(p.message).to.be.a("string").and.not.equal("");
                        expect(p.message).to.not.match(/\n\s+at /); // no stack trace inside
                    }
                }
            }),
            { numRuns: 400 },
        );
    });

    it("changing one valid key to a random value still parses or names that key", () => {
        const paths: [string, string][] = [
            ["network", "azCount"],
            ["network", "cidr"],
            ["network", "natGateways"],
            ["cluster", "version"],
            ["cluster", "serviceCidr"],
        ];
        fc.assert(
            fc.property(fc.constantFrom(...paths), leaf, ([section, key], v) => {
                const config = { ...minimal("dev"), [section]: { ...((minimal("dev")[section] as object) ?? {}), [key]: v } };
                try {
                    parsePlatformConfig(configSource(config));
                } catch (err) {
                    expect(err).to.be.instanceOf(ConfigError);
                    const keys = (err as ConfigError).problems.map((p) => p.key);
                    expect(keys.some((k) => k.startsWith(`${section}.`))).to.equal(true, keys.join(", "));
                }
            }),
            { numRuns: 300 },
        );
    });
});
